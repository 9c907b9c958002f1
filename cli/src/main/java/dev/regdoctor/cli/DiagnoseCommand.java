package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.ProgressListener;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code regdoctor diagnose IMAGE…}: probes each image's registry and prints the diagnosis. */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    description = {
      "Diagnose why images can or cannot be pulled, and how to fix it.",
      "",
      "Probes the registry of each image like a container runtime does.",
      "",
      "Examples:",
      "  regdoctor diagnose nginx",
      "  regdoctor diagnose registry.example.com/shop/web:1.4 --platform linux/arm64",
      "  echo \"$TOKEN\" | regdoctor diagnose --username ci-bot --password-stdin registry.example.com/shop/web:1.4",
      "  regdoctor diagnose --resolve registry.example.com:443:10.0.0.5 registry.example.com/shop/web:1.4 --json",
      "",
      "Exit status: 0 no error finding, 1 at least one error finding, 2 bad invocation."
    })
final class DiagnoseCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "IMAGE",
      arity = "1..*",
      description = "Images as docker pull accepts them, e.g. nginx or host:5000/team/app:1.0.")
  List<String> images;

  @Mixin CommonOptions common = new CommonOptions();

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description = "Platform the image must provide (default: linux/amd64).")
  String platform;

  @Option(
      names = "--username",
      paramLabel = "USER",
      description =
          "User name for every registry; the password comes from --password-stdin or REGDOCTOR_PASSWORD.")
  String username;

  @Option(names = "--password-stdin", description = "Read the password from standard input.")
  boolean passwordStdin;

  @Option(
      names = "--docker-config",
      paramLabel = "DIR|FILE",
      description =
          "Read credentials from this docker config.json (or the directory holding it) instead of the default location.")
  java.nio.file.Path dockerConfig;

  @Option(
      names = "--k8s-secret",
      paramLabel = "FILE",
      description =
          "Use the pull secrets in this Kubernetes manifest (Secret, List or multi-document YAML/JSON), matched as the kubelet does.")
  java.nio.file.Path k8sSecret;

  @Option(
      names = "--daemon-json",
      paramLabel = "FILE",
      description = "Apply insecure-registries from this Docker daemon.json.")
  java.nio.file.Path daemonJson;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "8",
      description = "Images checked at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  InputStream stdin = System.in;

  @Override
  public Integer call() {
    RegistryDoctor.Builder builder =
        common.apply(RegistryDoctor.builder()).concurrency(concurrency);
    if (platform != null) {
      builder.platform(platform);
    }
    if (dockerConfig != null) {
      builder.dockerConfig(dockerConfig);
    }
    if (k8sSecret != null) {
      requireReadable("--k8s-secret", k8sSecret);
      builder.kubernetesSecrets(k8sSecret);
    }
    if (daemonJson != null) {
      requireReadable("--daemon-json", daemonJson);
      builder.daemonJson(daemonJson);
    }
    credentials(builder);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean progress = images.size() > 1 && Terminal.interactiveStderr();
    AtomicInteger done = new AtomicInteger();
    if (progress) {
      builder.listener(
          new ProgressListener() {
            @Override
            public void finished(Report report) {
              err.print("\rchecked " + done.incrementAndGet() + "/" + images.size() + " ");
              err.flush();
            }
          });
    }
    try (RegistryDoctor doctor = builder.build()) {
      // reports are printed as they complete, in input order: nothing piles up for long lists
      java.util.function.Consumer<Report> printer =
          ReportStream.printer(
              out, common.json, images.size(), !common.json && Terminal.colors(System.getenv()));
      boolean ok =
          ReportStream.check(
              doctor,
              images,
              concurrency,
              report -> {
                if (progress) {
                  err.print("\r" + " ".repeat(30) + "\r");
                  err.flush();
                }
                printer.accept(report);
              });
      return ok ? Cli.OK : Cli.FINDINGS;
    }
  }

  private static void requireReadable(String option, java.nio.file.Path file) {
    if (!java.nio.file.Files.isReadable(file)) {
      throw new Cli.UsageError(option + " " + file + ": cannot read the file");
    }
  }

  private void credentials(RegistryDoctor.Builder builder) {
    if (passwordStdin && username == null) {
      throw new Cli.UsageError("--password-stdin needs --username");
    }
    if (username == null) {
      return;
    }
    String password;
    if (passwordStdin) {
      password = readPassword();
    } else {
      password = System.getenv("REGDOCTOR_PASSWORD");
      if (password == null || password.isEmpty()) {
        throw new Cli.UsageError(
            "--username needs a password: pipe it to --password-stdin or set REGDOCTOR_PASSWORD");
      }
    }
    builder.credentials(username, password);
  }

  private String readPassword() {
    try {
      byte[] bytes = stdin.readNBytes(64 * 1024);
      String password = new String(bytes, StandardCharsets.UTF_8).strip();
      if (password.isEmpty()) {
        throw new Cli.UsageError("--password-stdin: standard input was empty");
      }
      return password;
    } catch (IOException e) {
      throw new Cli.UsageError("--password-stdin: cannot read standard input: " + e.getMessage());
    }
  }
}
