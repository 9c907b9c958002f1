package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LazyCommandLineTest {
  @Test
  void topLevelHelpIsTheSameAsWithEverySubcommandInspected() {
    assertThat(usage(Cli.commandLine("--help"))).isEqualTo(usage(Cli.commandLine()));
  }

  @Test
  void runningACommandBuildsOnlyThatCommand() {
    CommandLine line = Cli.commandLine("diagnose", "--json", "nginx");

    assertThat(line.getSubcommands().get("diagnose").getCommandSpec().optionsMap())
        .containsKey("--json");
    assertThat(line.getSubcommands()).containsOnlyKeys("diagnose");
  }

  @Test
  void withoutACommandOrForHelpTheOthersAreListedButNotInspected() {
    for (String[] args :
        List.of(
            new String[] {"--jsno"}, new String[] {"help", "nosuch"}, new String[] {"diagnos"})) {
      CommandLine line = Cli.commandLine(args);

      assertThat(line.getSubcommands()).containsKeys("diagnose", "explain", "k8s", "help");
      assertThat(line.getSubcommands().get("k8s").getCommandSpec().options()).isEmpty();
    }
  }

  @Test
  void aMistypedCommandStillGetsASuggestion() {
    StringWriter err = new StringWriter();
    CommandLine line = Cli.commandLine("diagnos", "nginx");
    line.setErr(new PrintWriter(err, true));

    assertThat(line.execute("diagnos", "nginx")).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("Did you mean: diagnose");
  }

  @Test
  void everyListedCommandIsComplete() {
    for (Class<?> command : Cli.COMMANDS) {
      String name = command.getAnnotation(CommandLine.Command.class).name();

      assertThat(usage(Cli.commandLine(name).getSubcommands().get(name)))
          .isEqualTo(usage(Cli.commandLine().getSubcommands().get(name)));
    }
  }

  @Test
  void helpForASubcommandShowsItsOptions() {
    StringWriter out = new StringWriter();
    CommandLine line = Cli.commandLine("help", "explain");
    line.setOut(new PrintWriter(out, true));

    assertThat(line.execute("help", "explain")).isZero();
    assertThat(out.toString()).contains("Usage: regdoctor explain").contains("--json");
  }

  @Test
  void subcommandsAreRegisteredInCommandsNotInTheAnnotation() {
    assertThat(Cli.class.getAnnotation(CommandLine.Command.class).subcommands())
        .as("add subcommands to Cli.COMMANDS: @Command(subcommands) inspects them all at start-up")
        .isEmpty();
  }

  @Test
  void everyCommandClassOfThePackageIsRegistered() throws Exception {
    Path classes = Path.of(Cli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> commands = new ArrayList<>();
    try (Stream<Path> files = Files.list(classes.resolve("dev/regdoctor/cli"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = file.getFileName().toString().replace(".class", "");
        Class<?> type =
            Class.forName("dev.regdoctor.cli." + name, false, Cli.class.getClassLoader());
        if (type != Cli.class && type.isAnnotationPresent(CommandLine.Command.class)) {
          commands.add(type.getName());
        }
      }
    }

    assertThat(Cli.COMMANDS.stream().map(Class::getName).toList())
        .containsExactlyInAnyOrderElementsOf(commands);
  }

  private static String usage(CommandLine line) {
    return line.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }
}
