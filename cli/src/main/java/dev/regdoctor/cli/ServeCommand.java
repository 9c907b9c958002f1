package dev.regdoctor.cli;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.diagnostics.RegistryDoctor;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code regdoctor serve --config probes.yaml}: a Prometheus exporter that probes images
 * continuously and serves the last results.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Probe images continuously and export the results to Prometheus.",
      "",
      "Serves /metrics (Prometheus text format), /healthz, /targets and",
      "/report?image=IMAGE (the last JSON report). Targets come from the",
      "configuration file, which is re-read when it changes, and from Kubernetes",
      "workloads (kubectl, or the pod's service account in a cluster).",
      "",
      "probes.yaml:",
      "  interval: 60s        # per target, jittered",
      "  timeout: 10s",
      "  concurrency: 4",
      "  targets:",
      "    - image: registry.example.com/shop/web:1.4",
      "    - image: 127.0.0.1:5000/team/app:1.0",
      "  kubernetes:          # optional",
      "    namespaces: [default, shop]",
      "    hostsDir: node-certs.d  # optional: the nodes' containerd hosts directory",
      "",
      "Examples:",
      "  regdoctor serve --config probes.yaml",
      "  regdoctor serve --config /etc/regdoctor/probes.yaml --listen 0.0.0.0:9470",
      "",
      "Exit status: 2 for a bad configuration (file, line and key are named);",
      "stops on SIGTERM."
    })
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The probes file (YAML): targets, interval, timeout, concurrency, kubernetes.")
  Path config;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9470",
      description =
          "Address to serve on (default: ${DEFAULT-VALUE}); 0.0.0.0:9470 for every interface, as in a DaemonSet.")
  String listen;

  @Option(names = "--debug", description = "Show stack traces for unexpected errors.")
  boolean debug;

  Map<String, String> environment = System.getenv();

  Path serviceAccount = WorkloadDiscovery.SERVICE_ACCOUNT;

  /** Counted down to stop serving (tests); SIGTERM stops through a shutdown hook instead. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    InetSocketAddress address = address(listen);
    if (!Files.isRegularFile(config)) {
      throw new Cli.UsageError("--config " + config + ": no such file");
    }
    ProbeConfig settings;
    try {
      settings = ProbeConfig.read(config);
    } catch (ConfigException e) {
      // serve has no --lang: a configuration's problem is said in the language it chose
      throw Cli.UsageError.quoting("", e.getMessage()).inLanguage(ProbeConfig.language(config), e);
    }
    RegistryDoctor doctor = doctor(settings).build();
    RegistryDoctor pullTester = pullTester(settings, doctor(settings));
    // The discovered images are pulled by the kubelet through containerd with the nodes' hosts
    // directory (kubernetes.hostsDir); the listed images' checks must not read it.
    Path hostsDir = settings.kubernetes() == null ? null : settings.kubernetes().hostsDir();
    RegistryDoctor kubelet =
        hostsDir == null ? doctor : doctor(settings).hostsDir(hostsDir).build();
    RegistryDoctor kubeletPullTester =
        hostsDir == null ? pullTester : pullTester(settings, doctor(settings).hostsDir(hostsDir));
    Exporter exporter =
        new Exporter(
            settings,
            config,
            doctor,
            pullTester,
            kubelet,
            kubeletPullTester,
            discovery ->
                new WorkloadDiscovery(
                    discovery,
                    WorkloadDiscovery.source(
                        discovery, environment, serviceAccount, settings.timeout()),
                    kubelet),
            Clock.systemUTC());
    ExporterHttp http;
    try {
      http = new ExporterHttp(address, exporter);
    } catch (IOException e) {
      exporter.close();
      throw Cli.UsageError.quoting(
          "--listen " + listen + ": cannot listen there: ", e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    Thread hook =
        new Thread(
            () -> {
              http.close();
              exporter.close();
              out.println("regdoctor serve: stopped");
              out.flush();
            },
            "regdoctor-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    exporter.start();
    http.start();
    InetSocketAddress bound = http.address();
    out.println(
        "regdoctor serve: listening on http://"
            + host(bound)
            + ":"
            + bound.getPort()
            + "/metrics with "
            + settings.targets().size()
            + " listed targets"
            + (settings.kubernetes() == null ? "" : " and Kubernetes discovery"));
    out.flush();
    stop.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return Cli.OK; // already shutting down: the hook stops everything
    }
    hook.run();
    return Cli.OK;
  }

  /** Returns the doctor of {@code pullTest: true} targets, built from {@code builder}. */
  private static RegistryDoctor pullTester(ProbeConfig settings, RegistryDoctor.Builder builder) {
    return builder
        .pullTest(true)
        .pullSampleBytes(settings.pullLimits().sampleBytes())
        .slowPullThreshold(settings.pullLimits().slowPull())
        .largeImageThreshold(
            settings.pullLimits().largeImageBytes(), settings.pullLimits().largeImageLayers())
        .build();
  }

  private static RegistryDoctor.Builder doctor(ProbeConfig settings) {
    RegistryDoctor.Builder builder =
        RegistryDoctor.builder().timeout(settings.timeout()).locale(settings.locale());
    if (settings.platform() != null) {
      builder.platform(settings.platform());
    }
    if (settings.dockerConfig() != null) {
      builder.dockerConfig(settings.dockerConfig());
    }
    settings.caFiles().forEach(builder::caFile);
    settings.insecureRegistries().forEach(builder::insecureRegistry);
    settings.plainHttp().forEach(builder::plainHttpRegistry);
    return builder;
  }

  private static String host(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** Parses {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code :PORT} (every interface). */
  static InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new Cli.UsageError(
          "--listen must be HOST:PORT, e.g. 127.0.0.1:9470, but was '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new Cli.UsageError("--listen " + text + ": the port must be 0..65535");
    }
    if (host.isEmpty()) {
      return new InetSocketAddress(port);
    }
    if (!host.matches("[0-9.]+|[0-9A-Fa-f:.]+|localhost")) {
      // Only addresses: a name would need DNS, and the exporter should bind where it was told.
      throw new Cli.UsageError(
          "--listen " + text + ": give an IP address such as 127.0.0.1 or 0.0.0.0");
    }
    return new InetSocketAddress(host, port);
  }
}
