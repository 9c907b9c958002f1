package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.probe.InvalidSettingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
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
      "  echo \"$TOKEN\" | regdoctor diagnose --username ci-bot --password-stdin \\",
      "      registry.example.com/shop/web:1.4",
      "  regdoctor diagnose --resolve registry.example.com:443:10.0.0.5 \\",
      "      registry.example.com/shop/web:1.4 --json",
      "  regdoctor diagnose nginx --runtime containerd --pull-test",
      "",
      "Several images: each report is printed as its check finishes, then a summary",
      "line.",
      "",
      "With --k8s-secret the checks follow containerd's rules, the kubelet's runtime",
      "by default, and say so; --runtime chooses another (podman for CRI-O).",
      "",
      "Files named by flags must be readable JSON or YAML, or the run stops with",
      "exit 2; a bad value inside one (an auth that is not base64) is a finding.",
      "A --docker-config directory without config.json is Docker's \"no",
      "configuration\": the check runs anonymously and an INPUT_IGNORED finding",
      "says so.",
      "",
      "Exit status: 0 no error finding, 1 at least one error finding,",
      "2 bad invocation or unreadable input."
    })
final class DiagnoseCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "IMAGE",
      arity = "1..*",
      description = "Images as docker pull accepts them, e.g. nginx or host:5000/team/app:1.0.")
  List<String> images;

  @Mixin CommonOptions common = new CommonOptions();

  @Mixin RuntimeOptions runtime = new RuntimeOptions();

  @Mixin PullTestOptions pull = new PullTestOptions();

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
          "Use the pull secrets in this Kubernetes manifest (Secret, List or multi-document YAML/JSON), matched as the kubelet does;"
              + " the checks then follow containerd's rules unless --runtime is given.")
  java.nio.file.Path k8sSecret;

  @Option(
      names = "--daemon-json",
      paramLabel = "FILE",
      description =
          "Docker daemon.json: its insecure-registries and registry-mirrors (default:"
              + " /etc/docker/daemon.json).")
  java.nio.file.Path daemonJson;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "8",
      description = "Images checked at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  InputStream stdin = System.in;

  java.util.Map<String, String> environment = System.getenv();

  /** Standard output and error when {@link FastDiagnose} runs the command, not picocli. */
  PrintWriter out;

  PrintWriter err;

  @Override
  public Integer call() {
    Warmup.await(); // the warm-up is done before the run builds anything: never both at once
    RegistryDoctor.Builder builder =
        pull.apply(runtime.apply(common.apply(RegistryDoctor.builder())));
    // A pull secret is used by the kubelet, which pulls through its CRI runtime: containerd unless
    // --runtime says otherwise (CRI-O: podman's rules), and the run says which it assumed.
    boolean kubeletAssumed = k8sSecret != null && runtime.runtime == null;
    if (kubeletAssumed) {
      builder.runtime(ContainerRuntime.CONTAINERD);
    }
    try {
      builder.concurrency(concurrency);
    } catch (InvalidSettingException e) {
      // the library's reason under the option's name, not the builder method's
      throw Cli.UsageError.quoting("--concurrency: ", e.reason());
    }
    if (platform != null) {
      try {
        builder.platform(platform);
      } catch (InvalidSettingException e) {
        throw Cli.UsageError.quoting("--platform: ", e.reason());
      }
    }
    if (dockerConfig != null) {
      requireValidDockerConfig(dockerConfig);
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
    common.unusedPlainHttp(images).forEach(builder::ignoredInput);
    PrintWriter out = spec == null ? this.out : spec.commandLine().getOut();
    try (RegistryDoctor doctor = common.build(builder)) {
      if (kubeletAssumed) {
        // said where the output is read; JSON keeps standard output a document (its "runtime")
        PrintWriter note =
            common.json ? (spec == null ? this.err : spec.commandLine().getErr()) : out;
        note.println(kubeletRuntimeSentence());
        note.flush();
      }
      if (common.json) {
        // Streamed in input order, element by element: nothing piles up for long lists.
        boolean ok =
            ReportStream.check(
                doctor, images, concurrency, ReportStream.printer(out, true, images.size(), false));
        return ok ? Cli.OK : Cli.FINDINGS;
      }
      return images.size() == 1 ? single(doctor, out) : stream(doctor, out);
    }
  }

  /** Returns the line that says a run with {@code --k8s-secret} follows the kubelet's runtime. */
  private String kubeletRuntimeSentence() {
    return "regdoctor: "
        + Catalogue.fill(
            Catalogue.forLocale(common.locale()).label("diagnose.kubeletRuntime"),
            java.util.Map.of(
                "hostsDir",
                runtime.hostsDir != null
                    ? runtime.hostsDir.toString()
                    : "/etc/containerd/certs.d"));
  }

  private int single(RegistryDoctor doctor, PrintWriter out) {
    Report report = doctor.check(images.get(0));
    out.println(report.toText(Terminal.colors(System.getenv())));
    out.flush();
    return report.ok() ? Cli.OK : Cli.FINDINGS;
  }

  /**
   * Prints each report as soon as its check finishes (completion order), a progress counter on a
   * terminal's standard error, and one summary line at the end.
   */
  private int stream(RegistryDoctor doctor, PrintWriter out) {
    PrintWriter err = spec == null ? this.err : spec.commandLine().getErr();
    boolean progress = Terminal.interactiveStderr();
    boolean zh = common.locale().getLanguage().equals("zh");
    boolean color = Terminal.colors(System.getenv());
    int[] counts = new int[2]; // ok, failing
    long start = System.nanoTime();
    doctor.checkEach(
        images,
        report -> {
          if (progress) {
            err.print("\r" + " ".repeat(30) + "\r");
            err.flush();
          }
          if (counts[0] + counts[1] > 0) {
            out.println();
          }
          // Each report stands on its own, notes included: it may be read, copied or compared
          // without the ones printed before it (review item, session 14).
          out.println(report.toText(color));
          out.flush();
          counts[report.ok() ? 0 : 1]++;
          if (progress) {
            err.print(
                (zh ? "已检查 " : "checked ") + (counts[0] + counts[1]) + "/" + images.size() + " ");
            err.flush();
          }
        });
    if (progress) {
      err.print("\r" + " ".repeat(30) + "\r");
      err.flush();
    }
    out.println();
    out.println(
        summaryLine(
            common.locale().getLanguage().equals("zh"),
            counts[0],
            counts[1],
            (System.nanoTime() - start) / 1e9));
    out.flush();
    return counts[1] == 0 ? Cli.OK : Cli.FINDINGS;
  }

  /**
   * Returns the line that ends a run over several images, e.g. {@code 3 images: 2 OK, 1 failing}.
   */
  static String summaryLine(boolean chinese, int ok, int failing, double seconds) {
    int total = ok + failing;
    return chinese
        ? String.format(
            java.util.Locale.ROOT, "共 %d 个镜像：%d 个正常，%d 个有错误（%.1f 秒）", total, ok, failing, seconds)
        : String.format(
            java.util.Locale.ROOT,
            "%d image%s: %d OK, %d with errors (%.1f s)",
            total,
            total == 1 ? "" : "s",
            ok,
            failing,
            seconds);
  }

  /**
   * One rule for files named on the command line: they must be readable and well-formed, or the run
   * stops with exit 2 naming the file and the position (as for --daemon-json and --k8s-secret). A
   * directory without config.json, existing or not, is Docker's "no configuration": the diagnosis
   * runs, and an INPUT_IGNORED finding says so.
   */
  private static void requireValidDockerConfig(java.nio.file.Path path) {
    java.nio.file.Path file =
        java.nio.file.Files.isDirectory(path) ? path.resolve("config.json") : path;
    boolean namesFile =
        java.nio.file.Files.isRegularFile(path) || path.toString().endsWith(".json");
    if (!java.nio.file.Files.exists(file)) {
      if (namesFile) {
        throw new Cli.UsageError("--docker-config " + path + ": no such file");
      }
      return;
    }
    requireReadable("--docker-config", file);
    try {
      dev.regdoctor.credentials.DockerConfig.read(file);
    } catch (dev.regdoctor.credentials.ConfigException e) {
      if (e.pointer().isEmpty()) {
        throw Cli.UsageError.quoting("--docker-config ", e.getMessage());
      }
      // Valid JSON with one bad value: diagnosed as CONFIG_INVALID naming the value, as the
      // default configuration is.
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
      String ignored = environment.get("REGDOCTOR_PASSWORD");
      if (ignored != null && !ignored.isEmpty()) {
        builder.ignoredInput(
            "REGDOCTOR_PASSWORD is set, but --username is not: the password was not used");
      }
      return;
    }
    String password;
    if (passwordStdin) {
      password = readPassword();
    } else {
      password = environment.get("REGDOCTOR_PASSWORD");
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
      throw Cli.UsageError.quoting(
          "--password-stdin: cannot read standard input: ", e.getMessage());
    }
  }
}
