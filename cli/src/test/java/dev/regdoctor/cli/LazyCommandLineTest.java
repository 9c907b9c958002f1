package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LazyCommandLineTest {
  @Test
  void topLevelHelpIsTheSameAsWithEverySubcommandInspected() {
    assertThat(usage(Cli.commandLine("--help"))).isEqualTo(usage(Cli.commandLine()));
  }

  @Test
  void onlyTheSubcommandNamedIsInspected() {
    CommandLine line = Cli.commandLine("diagnose", "--json", "nginx");

    assertThat(line.getSubcommands().get("diagnose").getCommandSpec().optionsMap())
        .containsKey("--json");
    assertThat(line.getSubcommands().get("k8s").getCommandSpec().options()).isEmpty();
    assertThat(line.getSubcommands().get("explain").getCommandSpec().options()).isEmpty();
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

  private static String usage(CommandLine line) {
    return line.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }
}
