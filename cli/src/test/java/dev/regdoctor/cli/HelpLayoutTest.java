package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * How the usage texts are laid out (review defects 16, 17): picocli wraps long lines wherever
 * {@code java.text.BreakIterator} allows, which is after every {@code .}, {@code :}, {@code ?} and
 * {@code -}, so a path, URL or option value could be split over two lines and copied wrong.
 */
class HelpLayoutTest {
  static List<String> names() {
    return HelpText.names();
  }

  private static CommandLine.Model.CommandSpec spec(String name) {
    CommandLine line = Cli.commandLine();
    return name.equals(HelpText.TOP)
        ? line.getCommandSpec()
        : line.getSubcommands().get(name).getCommandSpec();
  }

  /** Words of the help's own text that hold a path, URL, file name, option value or host:port. */
  private static List<String> words(CommandLine.Model.CommandSpec spec) {
    List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
    for (CommandLine.Model.OptionSpec option : spec.options()) {
      if (option.hidden()) {
        continue; // not printed (k8s hides the options it refuses)
      }
      texts.addAll(List.of(option.description()));
      if (option.arity().max() > 0) {
        texts.add(option.longestName() + "=" + option.paramLabel());
      }
    }
    for (CommandLine.Model.PositionalParamSpec parameter : spec.positionalParameters()) {
      texts.addAll(List.of(parameter.description()));
    }
    List<String> words = new ArrayList<>();
    for (String text : texts) {
      for (String word : text.replace("%n", " ").split("\\s+")) {
        String core = word.replaceAll("^[\\[(\"'`]+|[\\])\"'`.,;:]+$", "");
        if (core.length() > 2 && core.substring(1, core.length() - 1).matches(".*[./:?=].*")) {
          words.add(core.replace("${DEFAULT-VALUE}", ""));
        }
      }
    }
    return words;
  }

  @ParameterizedTest
  @MethodSource("names")
  void colouredTextIsThePlainTextWithColours(String name) {
    assertThat(HelpText.render(name, true).replaceAll("\u001B\\[[0-9;]*m", ""))
        .isEqualTo(HelpText.render(name, false));
  }

  @ParameterizedTest
  @MethodSource("names")
  void noPathUrlOrOptionValueIsSplitOverTwoLines(String name) {
    String usage = HelpText.render(name, false);
    List<String> split = new ArrayList<>();
    for (String word : words(spec(name))) {
      if (!usage.contains(word)) {
        split.add(word);
      }
    }
    assertThat(split).as("words of %s --help split over two lines", name).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("names")
  void everyDescriptionLineIsPrintedAsWritten(String name) {
    List<String> lines = HelpText.render(name, false).lines().toList();
    List<String> rewrapped = new ArrayList<>();
    for (String line : spec(name).usageMessage().description()) {
      if (!line.isEmpty() && !lines.contains(line.replace("%n", ""))) {
        rewrapped.add(line);
      }
    }
    assertThat(rewrapped).as("description lines of %s --help wrapped again", name).isEmpty();
  }

  @Test
  void commandListShowsEachCommandsWholeFirstSentence() {
    String usage = HelpText.render(HelpText.TOP, false);
    // the command list indents a wrapped description by 14 columns
    String joined = usage.replaceAll("\n {14}", " ");
    List<String> cut = new ArrayList<>();
    for (Class<?> command : Cli.COMMANDS) {
      String first = command.getAnnotation(CommandLine.Command.class).description()[0];
      if (!first.endsWith(".") || !joined.contains(first)) {
        cut.add(first);
      }
    }
    assertThat(cut).as("first description lines cut in regdoctor --help").isEmpty();
  }

  @Test
  void jsonOptionNamesEachCommandsOwnSchema() {
    Map<String, String> schemas =
        Map.of(
            "diagnose", "regdoctor.report/v1",
            "explain", "regdoctor.explanation/v1",
            "k8s", "regdoctor.kubernetes/v1",
            "mirrors", "regdoctor.mirrors/v1",
            "demo", "regdoctor.report/v1");
    schemas.forEach(
        (name, schema) -> {
          CommandLine.Model.OptionSpec json = spec(name).findOption("--json");
          assertThat(String.join(" ", json.description())).as(name).contains(schema);
          schemas.values().stream()
              .filter(other -> !other.equals(schema))
              .forEach(
                  other ->
                      assertThat(String.join(" ", json.description()))
                          .as(name)
                          .doesNotContain(other));
        });
  }
}
