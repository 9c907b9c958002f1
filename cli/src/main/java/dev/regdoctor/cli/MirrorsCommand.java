package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.mirrors.MirrorReport;
import dev.regdoctor.reference.InvalidReferenceException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code regdoctor mirrors IMAGE}: the endpoints a runtime tries, each probed and ranked. */
@Command(
    name = "mirrors",
    mixinStandardHelpOptions = true,
    description = {
      "Probe the mirrors and the upstream a runtime tries for an image.",
      "",
      "Lists the endpoints a runtime tries for an image (mirrors, then the",
      "upstream), probes each, and names the one it pulls from and the fastest",
      "healthy one.",
      "",
      "Examples:",
      "  regdoctor mirrors nginx",
      "  regdoctor mirrors nginx --runtime containerd \\",
      "      --hosts-dir /etc/containerd/certs.d",
      "  regdoctor mirrors quay.io/team/app:1 --runtime podman \\",
      "      --registries-conf ./registries.conf --json",
      "",
      "Exit status: 0 the runtime can pull from some endpoint and every mirror works,",
      "1 a mirror fails or no endpoint works, 2 bad invocation or unreadable",
      "configuration."
    })
final class MirrorsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "IMAGE", description = "The image, e.g. nginx or quay.io/team/app:1.")
  String image;

  @Mixin CommonOptions common = new CommonOptions();

  @Mixin RuntimeOptions runtime = new RuntimeOptions();

  @Option(
      names = "--daemon-json",
      paramLabel = "FILE",
      description = "Docker daemon.json (default: /etc/docker/daemon.json).")
  Path daemonJson;

  @Override
  public Integer call() {
    RegistryDoctor.Builder builder = runtime.apply(common.apply(RegistryDoctor.builder()));
    if (runtime.runtime == null) {
      builder.runtime(runtime.runtime());
    }
    if (daemonJson != null) {
      if (!Files.isReadable(daemonJson)) {
        throw new Cli.UsageError("--daemon-json " + daemonJson + ": cannot read the file");
      }
      builder.daemonJson(daemonJson);
    }
    MirrorReport report;
    try (RegistryDoctor doctor = builder.build()) {
      report = doctor.mirrors(image);
    } catch (InvalidReferenceException e) {
      throw Cli.UsageError.quoting("", e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(common.json ? report.toJson() : report.toText(Terminal.colors(System.getenv())));
    out.flush();
    return report.ok() && report.findings().isEmpty() ? Cli.OK : Cli.FINDINGS;
  }
}
