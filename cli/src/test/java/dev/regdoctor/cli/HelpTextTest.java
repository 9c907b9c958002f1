package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * The usage texts rendered at build time are what picocli prints now, for every way of asking, so
 * the fast path in {@link Main} can never drift from the commands' annotations.
 */
class HelpTextTest {
  static Stream<Arguments> texts() {
    List<Arguments> texts = new ArrayList<>();
    for (String name : HelpText.names()) {
      texts.add(Arguments.of(name, false));
      texts.add(Arguments.of(name, true));
    }
    return texts.stream();
  }

  @ParameterizedTest(name = "{0}, ansi {1}")
  @MethodSource("texts")
  void builtTextIsWhatPicocliRendersNow(String name, boolean ansi) throws IOException {
    assertThat(resource(HelpText.file(name, ansi)))
        .as("usage/%s is stale: run mvn process-classes", HelpText.file(name, ansi))
        .isEqualTo(HelpText.render(name, ansi));
  }

  @ParameterizedTest(name = "{0}, ansi {1}")
  @MethodSource("texts")
  void everyWayOfAskingPrintsThatText(String name, boolean ansi) throws IOException {
    List<String[]> requests = new ArrayList<>();
    if (name.equals(HelpText.TOP)) {
      requests.add(new String[0]);
      requests.add(new String[] {"-h"});
      requests.add(new String[] {"--help"});
      requests.add(new String[] {"help"});
    } else {
      requests.add(new String[] {"help", name});
      requests.add(new String[] {name, "-h"});
      requests.add(new String[] {name, "--help"});
    }
    for (String[] args : requests) {
      assertThat(HelpText.requested(args)).as(String.join(" ", args)).isEqualTo(name);
      assertThat(picocli(args, ansi ? Ansi.ON : Ansi.OFF))
          .as("picocli for %s", String.join(" ", args))
          .isEqualTo(resource(HelpText.file(name, ansi)));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "diagnose --json --help",
        "--help diagnose",
        "-V",
        "--version",
        "nosuch --help",
        "help nosuch",
        "help ../regdoctor",
        "regdoctor --help",
        "help diagnose explain",
        "-hV",
        "diagnose nginx",
        "--HELP",
        "Diagnose --help"
      })
  void otherArgumentsGoToPicocli(String line) {
    assertThat(HelpText.forArguments(line.split(" "))).isNull();
  }

  @Test
  void coloursAsPicocliDecidesHere() {
    assertThat(HelpText.colours(System.getenv(), "Linux")).isEqualTo(Ansi.AUTO.enabled());
  }

  @Test
  void coloursFollowPicocliRules() {
    boolean tty = HelpText.terminal();

    assertThat(HelpText.colours(Map.of("NO_COLOR", ""), "Linux")).isFalse();
    assertThat(HelpText.colours(Map.of("NO_COLOR", "1", "CLICOLOR_FORCE", "1"), "Linux")).isFalse();
    assertThat(HelpText.colours(Map.of("CLICOLOR_FORCE", "1", "CLICOLOR", "0"), "Linux")).isTrue();
    assertThat(HelpText.colours(Map.of("CLICOLOR_FORCE", "0"), "Linux")).isEqualTo(tty);
    assertThat(HelpText.colours(Map.of("CLICOLOR", "0"), "Linux")).isFalse();
    assertThat(HelpText.colours(Map.of("ConEmuANSI", "OFF"), "Mac OS X")).isFalse();
    assertThat(HelpText.colours(Map.of("CLICOLOR", "1"), "Linux")).isEqualTo(tty);
    assertThat(HelpText.colours(Map.of(), "Windows 11")).isNull();
  }

  @Test
  void mainPrintsTheTextAsPicocliWouldAndExitsZero() {
    for (String[] args : List.of(new String[] {"--help"}, new String[] {"explain", "--help"})) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream saved = System.out;
      int status;
      System.setOut(new PrintStream(bytes, true, HelpText.outputCharset()));
      try {
        status = Main.run(args);
      } finally {
        System.setOut(saved);
      }

      assertThat(status).isZero();
      assertThat(bytes.toString(HelpText.outputCharset()))
          .isEqualTo(picocli(args, null).replace("\n", System.lineSeparator()));
    }
  }

  @Test
  void mainWithoutACommandPrintsTheUsageOnStandardErrorAndExitsTwo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    int status;
    System.setOut(new PrintStream(out, true, HelpText.outputCharset()));
    System.setErr(new PrintStream(err, true, HelpText.outputCharset()));
    try {
      status = Main.run();
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }

    assertThat(status).isEqualTo(Cli.USAGE);
    assertThat(out.size()).isZero();
    assertThat(err.toString(HelpText.outputCharset()))
        .isEqualTo(picocli(new String[0], null).replace("\n", System.lineSeparator()));
  }

  /** Generated command lines: whenever the fast path answers, picocli would print the same. */
  static LongStream seeds() {
    return Gen.seeds(200);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void fastPathAnswersOnlyWhatPicocliAnswersTheSame(long seed) {
    Gen gen = new Gen(seed);
    List<String> words = new ArrayList<>(HelpText.names());
    words.addAll(List.of("-h", "--help", "help", "-V", "--json", "nosuch", "-", "--", ""));
    String[] args = gen.list(0, 3, () -> gen.pick(words)).toArray(String[]::new);

    String fast = HelpText.forArguments(args);

    if (fast != null) {
      assertThat(fast.replace(System.lineSeparator(), "\n"))
          .as(String.join(" ", args))
          .isEqualTo(picocli(args, null));
    }
  }

  /** Runs picocli on {@code args} as {@code Main} would, in {@code ansi} or its default scheme. */
  private static String picocli(String[] args, Ansi ansi) {
    CommandLine line = Cli.commandLine(args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    if (ansi != null) {
      line.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
    }
    // no command at all is a bad invocation: the same usage, on standard error, exit 2
    boolean bare = args.length == 0;
    assertThat(line.execute(args)).as(String.join(" ", args)).isEqualTo(bare ? Cli.USAGE : Cli.OK);
    return (bare ? err : out).toString().replace(System.lineSeparator(), "\n");
  }

  private static String resource(String file) throws IOException {
    try (InputStream in = HelpText.class.getResourceAsStream("usage/" + file)) {
      assertThat(in)
          .as("usage/%s on the class path (built by mvn process-classes)", file)
          .isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
