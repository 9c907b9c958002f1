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
      "Starts registries and faulty endpoints on 127.0.0.1 and diagnoses one image per scenario:",
      "a healthy image, missing credentials, a wrong password, a missing tag and repository, the",
      "wrong platform, a denied repository, a refused port, a hanging server, plain HTTP, an",
      "untrusted certificate and an unknown host. Needs no network; finishes in seconds.",
      "Uses Debian's docker-registry when installed, else an in-process registry.",
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
