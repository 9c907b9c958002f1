package dev.regdoctor.cli;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.probe.InvalidSettingException;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import dev.regdoctor.reference.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The exporter's {@code probes.yaml}: what to probe, how often, and how.
 *
 * <pre>{@code
 * interval: 60s        # per target, jittered
 * timeout: 10s
 * concurrency: 4
 * targets:
 *   - image: registry.example.com/shop/web:1.4
 *   - image: 127.0.0.1:5000/team/app:1.0
 *     pullTest: true
 * kubernetes:
 *   namespaces: [default, shop]
 *   hostsDir: node-certs.d   # optional: a copy of the nodes' /etc/containerd/certs.d
 * }</pre>
 *
 * @param source the file, as errors name it
 * @param interval time between two probes of one target (jittered by up to 10 %)
 * @param timeout the budget of one probe
 * @param concurrency probes running at once
 * @param locale language of the JSON reports
 * @param platform the platform images must provide, or {@code null} for the default
 * @param dockerConfig the docker {@code config.json} (or its directory) for listed targets, or
 *     {@code null} for the local Docker configuration
 * @param caFiles extra CA certificates
 * @param insecureRegistries registries treated as insecure, as in daemon.json; each checked as
 *     {@link ProbeSettings.Builder#insecureRegistry} does
 * @param plainHttp {@code host:port}s reached over plain HTTP; each checked as {@link
 *     ProbeSettings.Builder#plainHttpRegistry} does
 * @param breaker the per-registry circuit breaker
 * @param pullLimits the pull test's sample size and thresholds, for {@code pullTest} targets
 * @param targets the listed images
 * @param kubernetes workload discovery, or {@code null} when off
 */
record ProbeConfig(
    String source,
    Duration interval,
    Duration timeout,
    int concurrency,
    Locale locale,
    @Nullable String platform,
    @Nullable Path dockerConfig,
    List<Path> caFiles,
    List<String> insecureRegistries,
    List<String> plainHttp,
    Breaker breaker,
    PullLimits pullLimits,
    List<Target> targets,
    @Nullable Discovery kubernetes) {

  static final long MAX_BYTES = 1024 * 1024;
  private static final Set<String> TOP =
      Set.of(
          "interval",
          "timeout",
          "concurrency",
          "lang",
          "platform",
          "dockerConfig",
          "caFiles",
          "insecureRegistries",
          "plainHttp",
          "circuitBreaker",
          "pullTestSettings",
          "targets",
          "kubernetes");
  private static final Set<String> TARGET = Set.of("image", "pullTest");
  private static final Set<String> KUBERNETES =
      Set.of("namespaces", "interval", "pullTest", "source", "hostsDir");
  private static final Set<String> BREAKER = Set.of("failures", "openFor");
  private static final Set<String> PULL_LIMITS =
      Set.of("sampleSize", "slowPull", "largeImage", "largeImageLayers");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  ProbeConfig {
    requireNonNull(source, "source");
    caFiles = List.copyOf(caFiles);
    insecureRegistries = List.copyOf(insecureRegistries);
    plainHttp = List.copyOf(plainHttp);
    targets = List.copyOf(targets);
  }

  /**
   * One listed image.
   *
   * @param image the image as written
   * @param pullTest whether to measure the pull as well
   * @param line the line of the entry
   */
  record Target(String image, boolean pullTest, int line) {}

  /**
   * Kubernetes workload discovery.
   *
   * @param namespaces the namespaces to read; empty for all
   * @param interval how often to read the workloads again
   * @param pullTest whether to measure the pulls of discovered images
   * @param source {@code auto} (in-cluster when running in a pod, else kubectl), {@code kubectl} or
   *     {@code in-cluster}
   * @param hostsDir the nodes' containerd hosts directory (a copy of {@code
   *     /etc/containerd/certs.d}) for the discovered images' live checks, as {@code k8s
   *     --hosts-dir} takes it; {@code null}: none, containerd's built-in defaults
   */
  record Discovery(
      List<String> namespaces,
      Duration interval,
      boolean pullTest,
      String source,
      @Nullable Path hostsDir) {
    Discovery {
      namespaces = List.copyOf(namespaces);
    }
  }

  /**
   * The per-registry circuit breaker: after {@code failures} probes in a row find the registry
   * unreachable, its targets are skipped for {@code openFor}, then one probe tries again.
   */
  record Breaker(int failures, Duration openFor) {}

  /**
   * The pull test's settings, as {@code diagnose --pull-test} takes them: {@code --sample-size},
   * {@code --slow-pull}, {@code --large-image} and {@code --large-image-layers}.
   *
   * @param sampleBytes how much of the largest layer each probe downloads
   * @param slowPull SLOW_PULL above this estimated transfer time
   * @param largeImageBytes LARGE_IMAGE above this compressed size
   * @param largeImageLayers LARGE_IMAGE above this many layers
   */
  record PullLimits(
      long sampleBytes, Duration slowPull, long largeImageBytes, int largeImageLayers) {
    /** The command line's defaults: 8 MiB, 60 s, 500 MiB, 30 layers. */
    static final PullLimits DEFAULTS =
        new PullLimits(8L << 20, Duration.ofSeconds(60), 500L << 20, 30);
  }

  /**
   * Reads and validates {@code file}.
   *
   * @throws ConfigException naming the file, line and key of the first problem
   */
  static ProbeConfig read(Path file) {
    String source = file.toString();
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ConfigException(source, "", "larger than " + MAX_BYTES / 1024 + " KiB");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(source, "", "cannot read the file: " + e.getMessage(), e);
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(text, source, base == null ? Path.of(".") : base, true);
  }

  /**
   * Returns the language {@code file} chooses with its top-level {@code lang}, for its own
   * problems; the JVM's ({@link CommonOptions#defaultLocale}) when it chooses none, a bad one, or
   * cannot be read as YAML at all.
   */
  static Locale language(Path file) {
    try {
      if (Files.size(file) <= MAX_BYTES) {
        YamlTree.Node root =
            YamlTree.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        YamlTree.Node lang = root.isMap() ? root.map().get("lang") : null;
        if (lang != null && lang.value() instanceof String text) {
          return Terminal.locale(text.strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      // the file's problem is said all the same, in the JVM's language
    }
    return CommonOptions.defaultLocale();
  }

  /**
   * Parses {@code text}; relative paths are resolved against {@code base}. The Docker config is not
   * looked for (the file read by {@link #read} is checked against this machine).
   */
  static ProbeConfig parse(String text, String source, Path base) {
    return parse(text, source, base, false);
  }

  /**
   * Parses {@code text}; {@code checkFiles}: a {@code dockerConfig} naming a {@code .json} file
   * that does not exist is an error here, with file, line and key, rather than when serve builds
   * its doctor.
   */
  private static ProbeConfig parse(String text, String source, Path base, boolean checkFiles) {
    YamlTree.Node root = YamlTree.parse(text, source);
    Reader reader = new Reader(source, base);
    Map<String, YamlTree.Node> top = reader.map(root, TOP);
    Duration interval = reader.duration(top.get("interval"), Duration.ofSeconds(60));
    Duration timeout = reader.duration(top.get("timeout"), Duration.ofSeconds(10));
    int concurrency = reader.integer(top.get("concurrency"), 4, 1, 64);
    Locale locale =
        top.containsKey("lang")
            ? reader.convert(top.get("lang"), Terminal::locale, "en or zh-CN")
            : Locale.ENGLISH;
    String platform = reader.string(top.get("platform"), null);
    if (platform != null) {
      reader.convert(top.get("platform"), Platform::parse, "a platform such as linux/arm64");
    }
    String dockerConfig = reader.string(top.get("dockerConfig"), null);
    if (dockerConfig != null && checkFiles) {
      // As RegistryDoctor reads it: a directory without config.json is Docker's "no
      // configuration", but a .json file that is not there is a mistake in this file.
      Path path = base.resolve(dockerConfig);
      if (!Files.exists(path) && path.toString().endsWith(".json")) {
        throw reader.error(
            top.get("dockerConfig"), "the Docker config " + path + " does not exist");
      }
    }
    List<Path> caFiles = new ArrayList<>();
    for (String ca : reader.strings(top.get("caFiles"))) {
      Path path = base.resolve(ca);
      if (!Files.isReadable(path)) {
        throw reader.error(top.get("caFiles"), "cannot read the CA file " + path);
      }
      caFiles.add(path);
    }
    Breaker breaker =
        new Breaker(
            3, interval.compareTo(Duration.ofMinutes(1)) > 0 ? interval : Duration.ofMinutes(1));
    if (top.containsKey("circuitBreaker")) {
      Map<String, YamlTree.Node> map = reader.map(top.get("circuitBreaker"), BREAKER);
      breaker =
          new Breaker(
              reader.integer(map.get("failures"), breaker.failures(), 1, 100),
              reader.duration(map.get("openFor"), breaker.openFor()));
    }
    PullLimits pullLimits = PullLimits.DEFAULTS;
    if (top.containsKey("pullTestSettings")) {
      Map<String, YamlTree.Node> map = reader.map(top.get("pullTestSettings"), PULL_LIMITS);
      pullLimits =
          new PullLimits(
              reader.sampleSize(map.get("sampleSize"), pullLimits.sampleBytes()),
              reader.duration(map.get("slowPull"), pullLimits.slowPull()),
              reader.size(map.get("largeImage"), pullLimits.largeImageBytes()),
              reader.integer(
                  map.get("largeImageLayers"), pullLimits.largeImageLayers(), 1, 10_000));
    }
    List<Target> targets = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    YamlTree.Node list = top.get("targets");
    if (list != null && !list.isNull()) {
      if (!list.isList()) {
        throw reader.error(list, "must be a list of {image: …} entries");
      }
      for (YamlTree.Node entry : list.list()) {
        Map<String, YamlTree.Node> map = reader.map(entry, TARGET);
        YamlTree.Node image = map.get("image");
        if (image == null) {
          throw reader.error(entry, "needs an image");
        }
        String name = reader.string(image, null);
        try {
          ImageReference.parse(name);
        } catch (InvalidReferenceException e) {
          throw reader.error(image, "not a valid image reference: " + e.getMessage());
        }
        if (!seen.add(name)) {
          throw reader.error(image, "the image " + name + " is listed twice");
        }
        targets.add(new Target(name, reader.bool(map.get("pullTest"), false), entry.line()));
      }
    }
    Discovery kubernetes = null;
    YamlTree.Node k8s = top.get("kubernetes");
    if (k8s != null && !k8s.isNull()) {
      Map<String, YamlTree.Node> map = reader.map(k8s, KUBERNETES);
      List<String> namespaces = reader.strings(map.get("namespaces"));
      for (String namespace : namespaces) {
        if (!NAMESPACE.matcher(namespace).matches()) {
          throw reader.error(map.get("namespaces"), "'" + namespace + "' is not a namespace name");
        }
      }
      String discoverySource = reader.string(map.get("source"), "auto");
      if (!Set.of("auto", "kubectl", "in-cluster").contains(discoverySource)) {
        throw reader.error(map.get("source"), "must be auto, kubectl or in-cluster");
      }
      String hostsDir = reader.string(map.get("hostsDir"), null);
      Path hostsPath = hostsDir == null ? null : base.resolve(hostsDir);
      if (hostsPath != null && !Files.isDirectory(hostsPath)) {
        throw reader.error(
            map.get("hostsDir"), "the hosts directory " + hostsPath + " is not a directory");
      }
      kubernetes =
          new Discovery(
              namespaces,
              reader.duration(map.get("interval"), interval),
              reader.bool(map.get("pullTest"), false),
              discoverySource,
              hostsPath);
    }
    // Every entry is checked before the file is found to list nothing: a bad entry names its line.
    List<String> insecureRegistries =
        reader.registries(
            top.get("insecureRegistries"),
            entry -> ProbeSettings.builder().insecureRegistry(entry));
    List<String> plainHttp =
        reader.registries(
            top.get("plainHttp"), entry -> ProbeSettings.builder().plainHttpRegistry(entry));
    if (targets.isEmpty() && kubernetes == null) {
      throw new ConfigException(
          source, "", "nothing to probe: add targets (- image: …) or a kubernetes section");
    }
    return new ProbeConfig(
        source,
        interval,
        timeout,
        concurrency,
        locale,
        platform,
        dockerConfig == null ? null : base.resolve(dockerConfig),
        caFiles,
        insecureRegistries,
        plainHttp,
        breaker,
        pullLimits,
        targets,
        kubernetes);
  }

  /** Typed reads that fail with file, line and key. */
  private record Reader(String source, Path base) {
    ConfigException error(YamlTree.Node node, String reason) {
      return new ConfigException(
          YamlTree.at(source, node.line()), node.pointer().isEmpty() ? "" : node.pointer(), reason);
    }

    Map<String, YamlTree.Node> map(YamlTree.Node node, Set<String> known) {
      if (!node.isMap()) {
        throw error(node, "must be a mapping of keys to values");
      }
      for (Map.Entry<String, YamlTree.Node> entry : node.map().entrySet()) {
        if (!known.contains(entry.getKey())) {
          throw error(
              entry.getValue(),
              "unknown key '"
                  + entry.getKey()
                  + "'; known keys: "
                  + String.join(", ", known.stream().sorted().toList()));
        }
      }
      return node.map();
    }

    @Nullable String string(YamlTree.@Nullable Node node, @Nullable String fallback) {
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (node.isMap() || node.isList()) {
        throw error(node, "must be a single value");
      }
      String text = ((String) node.value()).strip();
      if (text.isEmpty()) {
        throw error(node, "must not be empty");
      }
      return text;
    }

    /** Reads a list of strings, none checked further. */
    List<String> strings(YamlTree.@Nullable Node node) {
      return registries(node, value -> {});
    }

    /**
     * Reads a list of registry entries, each checked by {@code check} (a {@link
     * ProbeSettings.Builder} method) so that a bad one fails here, naming the file, its line and
     * its key, rather than when {@code serve} builds its doctor.
     */
    List<String> registries(YamlTree.@Nullable Node node, Consumer<String> check) {
      if (node == null || node.isNull()) {
        return List.of();
      }
      if (!node.isList()) {
        throw error(node, "must be a list");
      }
      List<String> values = new ArrayList<>();
      for (YamlTree.Node item : node.list()) {
        String value = string(item, null);
        try {
          check.accept(value);
        } catch (InvalidSettingException e) {
          throw error(item, e.reason());
        }
        values.add(value);
      }
      return values;
    }

    <T> T convert(YamlTree.Node node, Function<String, T> parse, String expected) {
      String text = string(node, null);
      try {
        return parse.apply(text);
      } catch (RuntimeException e) {
        throw error(node, "must be " + expected + " but was '" + text + "'");
      }
    }

    long size(YamlTree.@Nullable Node node, long fallback) {
      if (node == null || node.isNull()) {
        return fallback;
      }
      return convert(
          node, text -> PullTestOptions.bytes("size", text), "a size such as 8MiB or 500MB");
    }

    /**
     * Reads a pull-test sample size, in the library's range ({@link PullTestOptions#SAMPLE_RANGE}).
     */
    long sampleSize(YamlTree.@Nullable Node node, long fallback) {
      long bytes = size(node, fallback);
      if (node != null && !PullTestOptions.isSampleSize(bytes)) {
        throw error(
            node,
            "must be a size from "
                + PullTestOptions.SAMPLE_RANGE
                + " but was '"
                + string(node, null)
                + "'");
      }
      return bytes;
    }

    Duration duration(YamlTree.@Nullable Node node, Duration fallback) {
      if (node == null || node.isNull()) {
        return fallback;
      }
      return convert(node, Cli::duration, "a positive duration such as 60s, 500ms or 2m");
    }

    int integer(YamlTree.@Nullable Node node, int fallback, int min, int max) {
      if (node == null || node.isNull()) {
        return fallback;
      }
      String text = string(node, null);
      int value;
      try {
        value = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw error(node, "must be a whole number but was '" + text + "'");
      }
      if (value < min || value > max) {
        throw error(node, "must be in " + min + ".." + max + " but was " + value);
      }
      return value;
    }

    boolean bool(YamlTree.@Nullable Node node, boolean fallback) {
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.scalar().equals("boolean")) {
        throw error(node, "must be true or false");
      }
      return Boolean.parseBoolean((String) node.value());
    }
  }
}
