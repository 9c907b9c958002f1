package dev.regdoctor.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code regdoctor demo}: an embedded registry with faults on loopback, every diagnosis shown. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Show every diagnosis on registries and faults started on 127.0.0.1.",
      "",
      "Starts registries and faulty endpoints on 127.0.0.1 and diagnoses one image",
      "per scenario (listed below). Needs no network; finishes in seconds. Uses",
      "Debian's docker-registry when installed, else an in-process registry.",
      "",
      "Examples:",
      "  regdoctor demo",
      "  regdoctor demo --lang zh-CN",
      "  regdoctor demo --json"
    })
final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--lang",
      paramLabel = "en|zh-CN",
      description = "Language of the reports (default: from the JVM locale).")
  String lang;

  @Option(names = "--json", description = "Print the reports as one JSON array.")
  boolean json;

  @Option(names = "--debug", description = "Show stack traces for unexpected errors.")
  boolean debug;

  /** The help footer: every scenario, in demo order. */
  static String scenarioList() {
    StringBuilder list = new StringBuilder("%nScenarios:%n");
    int number = 1;
    for (String title : Demo.TITLES.keySet()) {
      list.append(String.format(java.util.Locale.ROOT, "  %2d. %s", number++, title));
      if (Demo.REAL_REGISTRY_ONLY.contains(title)) {
        list.append(" (with docker-registry only)");
      }
      list.append("%n");
    }
    return list.toString();
  }

  @Override
  public Integer call() throws Exception {
    CommonOptions options = new CommonOptions();
    options.lang = lang;
    PrintWriter out = spec.commandLine().getOut();
    try (Demo demo = Demo.start(options.locale())) {
      demo.run(out, json, Terminal.colors(System.getenv()));
    }
    out.flush();
    return Cli.OK;
  }
}
