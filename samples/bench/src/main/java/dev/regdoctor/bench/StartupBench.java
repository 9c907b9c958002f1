package dev.regdoctor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.internal.probe.ManifestMediaTypes;
import dev.regdoctor.testkit.RegistryBinary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The whole-process benchmark (issue 16): users pay JVM start-up on every command, so this measures
 * processes, not calls. In one invocation, against a real {@code docker-registry} on 127.0.0.1:
 *
 * <ul>
 *   <li>bulk: {@code cli/target/regdoctor diagnose --json} over the images vs the hand-written
 *       {@link OkHttpChecker} vs {@link JibChecker} (each a fresh JVM, rounds rotating the order),
 *       and {@code skopeo inspect} (a process per image, 8 at a time);
 *   <li>cold start with hyperfine: {@code java -version}, {@code regdoctor --help}, one {@code
 *       diagnose}, one {@code explain}, {@code skopeo inspect}, and the same commands without the
 *       archive, as {@code java -jar}, and on the JDK 25 AOT cache when that JDK is installed;
 *   <li>memory: {@code diagnose --json} of many images with {@code -Xmx64m}.
 * </ul>
 *
 * <p>Run it with {@code samples/bench/startup-bench.sh}; {@code --write} puts the tables and the
 * command into {@code docs/benchmarks.md} and {@code README.md} between {@code startup-bench}
 * markers.
 */
public final class StartupBench {
  static final String BEGIN = "<!-- startup-bench:begin -->";
  static final String END = "<!-- startup-bench:end -->";
  private static final Path AOT_JDK = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
  private static final String MESSAGE = "x509: certificate signed by unknown authority";

  /** The JVM options the launcher uses (checked against it), to run the checker the same way. */
  static final List<String> LAUNCHER_JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms16m", "-XX:-UsePerfData");

  private final Options options;
  private final Path work;

  private StartupBench(Options options) throws IOException {
    this.options = options;
    this.work = Files.createTempDirectory("regdoctor-startup-bench");
  }

  /** Settings from the command line: {@code --images --rounds --cold-runs --memory --write}. */
  record Options(
      int images,
      int rounds,
      int concurrency,
      int coldRuns,
      int memoryImages,
      boolean write,
      String command) {
    static Options parse(String[] args) {
      Map<String, String> values = new LinkedHashMap<>();
      boolean write = false;
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--write")) {
          write = true;
        } else if (args[i].startsWith("--") && i + 1 < args.length) {
          values.put(args[i].substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (write
          && (Integer.parseInt(values.getOrDefault("rounds", "5")) <= 0
              || Integer.parseInt(values.getOrDefault("memory", "10000")) <= 0)) {
        throw new IllegalArgumentException(
            "--write needs the whole run: --rounds and --memory > 0");
      }
      return new Options(
          Integer.parseInt(values.getOrDefault("images", "1000")),
          Integer.parseInt(values.getOrDefault("rounds", "5")),
          Integer.parseInt(values.getOrDefault("concurrency", "8")),
          Integer.parseInt(values.getOrDefault("cold-runs", "20")),
          Integer.parseInt(values.getOrDefault("memory", "10000")),
          write,
          System.getProperty("regdoctor.bench.command", "samples/bench/startup-bench.sh"));
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    RegistryBinary.require();
    if (!OkHttpChecker.ACCEPT.equals(ManifestMediaTypes.acceptHeader())) {
      throw new IllegalStateException("OkHttpChecker.ACCEPT differs from Registry Doctor's");
    }
    for (String tool : List.of("/usr/bin/hyperfine", "/usr/bin/time")) {
      if (!Files.isExecutable(Path.of(tool))) {
        throw new IllegalStateException(tool + " is needed (Debian packages hyperfine, time)");
      }
    }
    Path launcher = Path.of("cli/target/regdoctor").toAbsolutePath();
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException(launcher + " not found: build with mvn package first");
    }
    String launcherText = Files.readString(launcher);
    if (!launcherText.contains(String.join(" ", LAUNCHER_JVM_OPTIONS))) {
      throw new IllegalStateException("the launcher's JVM options are not " + LAUNCHER_JVM_OPTIONS);
    }
    new StartupBench(options).run(launcher);
  }

  private void run(Path launcher) throws Exception {
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    line("seeding %d images in 10 repositories of a real docker-registry...", options.images());
    Path aotLauncher = aotLauncher(launcher);
    List<String> bulkRows;
    List<String> coldRows;
    try (BenchRegistry registry = new BenchRegistry(options.images(), 10)) {
      Path imageFile = work.resolve("images.txt");
      Files.write(imageFile, registry.images);
      verify(launcher, registry, imageFile);
      // --rounds 0: the cold-start table alone (a quick check; --write needs the whole run)
      bulkRows = options.rounds() > 0 ? bulk(launcher, registry, imageFile) : List.of();
      coldRows = cold(launcher, aotLauncher, registry);
    }
    List<String> memoryRows = memory(launcher);
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
    String markdown = markdown(loadBefore, loadAfter, bulkRows, coldRows, memoryRows);
    System.out.println();
    System.out.println(markdown);
    if (options.write()) {
      replaceSection(Path.of("docs/benchmarks.md"), markdown);
      replaceSection(Path.of("README.md"), readmeSummary(markdown));
      line("wrote docs/benchmarks.md and README.md");
    }
  }

  /** Checks once that every client finds every image, so no timing below counts a failure. */
  private void verify(Path launcher, BenchRegistry registry, Path imageFile) throws Exception {
    Path out = work.resolve("verify.json");
    ProcessRuns.Run run = ProcessRuns.run(regdoctorBulk(launcher, registry), Map.of(), out);
    JsonNode reports = new ObjectMapper().readTree(out.toFile());
    int ok = 0;
    for (JsonNode report : reports) {
      ok += report.path("ok").asBoolean() ? 1 : 0;
    }
    if (run.exit() != 0 || reports.size() != options.images() || ok != options.images()) {
      throw new IllegalStateException(
          "regdoctor: exit " + run.exit() + ", " + ok + "/" + reports.size() + " OK");
    }
    for (String checker : List.of("OkHttpChecker", "JibChecker")) {
      ProcessRuns.Run check =
          ProcessRuns.run(
              checker(checker, imageFile, List.of()), Map.of(), work.resolve("verify.txt"));
      if (check.exit() != 0) {
        throw new IllegalStateException(checker + " did not find every image");
      }
    }
    line("verified: every client finds all %d images", options.images());
  }

  private List<String> regdoctorBulk(Path launcher, BenchRegistry registry) {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(
        List.of(
            "diagnose",
            "--json",
            "--plain-http",
            registry.hostPort(),
            "--concurrency",
            String.valueOf(options.concurrency())));
    command.addAll(registry.images);
    return command;
  }

  private List<String> checker(String main, Path imageFile, List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.regdoctor.bench." + main,
            String.valueOf(options.concurrency()),
            imageFile.toString()));
    return command;
  }

  private List<String> bulk(Path launcher, BenchRegistry registry, Path imageFile)
      throws Exception {
    Map<String, List<String>> clients = new LinkedHashMap<>();
    Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    clients.put(
        "hand-written OkHttp checker (java -cp)", checker("OkHttpChecker", imageFile, List.of()));
    clients.put(
        "hand-written OkHttp checker, the launcher's JVM options",
        checker("OkHttpChecker", imageFile, LAUNCHER_JVM_OPTIONS));
    clients.put("`regdoctor diagnose --json` (launcher)", regdoctorBulk(launcher, registry));
    clients.put("`regdoctor diagnose --json`, C2 JIT too", regdoctorBulk(launcher, registry));
    environments.put(
        "`regdoctor diagnose --json`, C2 JIT too",
        Map.of("REGDOCTOR_JAVA_OPTS", "-XX:TieredStopAtLevel=4"));
    clients.put("jib-core checker (java -cp)", checker("JibChecker", imageFile, List.of()));
    Map<String, List<ProcessRuns.Run>> runs = new LinkedHashMap<>();
    clients.keySet().forEach(name -> runs.put(name, new ArrayList<>()));
    List<String> names = new ArrayList<>(clients.keySet());
    Path out = work.resolve("bulk.out");
    for (int round = 0; round < options.rounds(); round++) {
      for (int i = 0; i < names.size(); i++) {
        // rotate the order so that no client always runs right after the same one
        String name = names.get((i + round) % names.size());
        ProcessRuns.Run run =
            ProcessRuns.run(clients.get(name), environments.getOrDefault(name, Map.of()), out);
        if (run.exit() != 0) {
          throw new IllegalStateException(name + " exited " + run.exit());
        }
        runs.get(name).add(run);
        line(
            "round %d %-45s %.2f s, CPU %.2f s, RSS %.0f MiB",
            round + 1, name, run.wallSeconds(), run.cpuSeconds(), run.peakRssMiB());
      }
    }
    double okhttp = median(runs.get(names.get(0)), ProcessRuns.Run::wallSeconds);
    List<String> rows = new ArrayList<>();
    for (String name : names) {
      rows.add(bulkRow(name, runs.get(name), okhttp));
    }
    rows.add(skopeo(registry.images));
    return rows;
  }

  private String bulkRow(String name, List<ProcessRuns.Run> runs, double okhttpWall) {
    double wall = median(runs, ProcessRuns.Run::wallSeconds);
    return String.format(
        Locale.ROOT,
        "| %s | %.2f | %.0f | %.2f× | %.2f | %.0f | %s |",
        name,
        wall,
        options.images() / wall,
        okhttpWall / wall,
        median(runs, ProcessRuns.Run::cpuSeconds),
        runs.stream().mapToDouble(ProcessRuns.Run::peakRssMiB).max().orElse(0),
        runs.stream()
            .map(run -> String.format(Locale.ROOT, "%.2f", run.wallSeconds()))
            .reduce((a, b) -> a + ", " + b)
            .orElse(""));
  }

  /** skopeo inspects one image per process: 8 processes at a time over every image, once. */
  private String skopeo(List<String> images) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/skopeo"))) {
      return "| skopeo inspect | not installed | | | | | |";
    }
    ExecutorService pool = Executors.newFixedThreadPool(options.concurrency());
    try {
      long start = System.nanoTime();
      List<Future<Integer>> exits = new ArrayList<>();
      for (String image : images) {
        exits.add(
            pool.submit(
                () -> {
                  return ProcessRuns.skopeoInspect(image);
                }));
      }
      int failed = 0;
      for (Future<Integer> exit : exits) {
        failed += exit.get() == 0 ? 0 : 1;
      }
      double wall = (System.nanoTime() - start) / 1e9;
      line("skopeo: %.2f s for %d images, %d failed", wall, images.size(), failed);
      return String.format(
          Locale.ROOT,
          "| `skopeo inspect --raw`, a process per image, %d at a time | %.2f | %.0f | | | | 1 run%s |",
          options.concurrency(),
          wall,
          images.size() / wall,
          failed == 0 ? "" : ", " + failed + " failed");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Builds a second launcher on the JDK 25 AOT cache, when that JDK is installed. */
  private Path aotLauncher(Path launcher) throws Exception {
    if (!Files.isExecutable(AOT_JDK.resolve("bin/java"))) {
      line("%s not installed: no AOT cache comparison", AOT_JDK);
      return null;
    }
    Path target = Files.createDirectories(work.resolve("aot"));
    Files.copy(launcher.resolveSibling("regdoctor.jar"), target.resolve("regdoctor.jar"));
    line("training the JDK 25 AOT cache in %s...", target);
    ProcessRuns.Run run =
        ProcessRuns.run(
            List.of(
                "sh",
                "cli/src/main/launcher/make-launcher.sh",
                target.toString(),
                AOT_JDK.toString()),
            Map.of(),
            work.resolve("aot.log"));
    if (run.exit() != 0 || !Files.exists(target.resolve("regdoctor.aot"))) {
      line("AOT cache not built: %s", Files.readString(work.resolve("aot.log")));
      return null;
    }
    return target.resolve("regdoctor");
  }

  private List<String> cold(Path launcher, Path aotLauncher, BenchRegistry registry)
      throws Exception {
    String image = registry.images.get(0);
    String plain = registry.hostPort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = launcher.resolveSibling("regdoctor.jar").toString();
    String rd = launcher.toString();
    Map<String, String> commands = new LinkedHashMap<>();
    commands.put("`java -version`", java + " -version");
    commands.put("`regdoctor --help`", rd + " --help");
    commands.put("`regdoctor explain MESSAGE`", rd + " explain '" + MESSAGE + "'");
    commands.put(
        "`regdoctor diagnose --plain-http HOST:PORT IMAGE`",
        rd + " diagnose --plain-http " + plain + " " + image);
    commands.put("`regdoctor diagnose IMAGE` (HTTPS tried first)", rd + " diagnose " + image);
    commands.put(
        "`diagnose --plain-http …`, archive off (`REGDOCTOR_ARCHIVE=off`)",
        "env REGDOCTOR_ARCHIVE=off " + rd + " diagnose --plain-http " + plain + " " + image);
    commands.put(
        "`java -jar regdoctor.jar --help` (no launcher: no archive, default JVM options)",
        java + " -jar " + jar + " --help");
    commands.put(
        "`java -jar regdoctor.jar diagnose --plain-http …` (no launcher)",
        java + " -jar " + jar + " diagnose --plain-http " + plain + " " + image);
    if (aotLauncher != null) {
      commands.put("JDK 25 AOT cache: `regdoctor --help`", aotLauncher + " --help");
      commands.put(
          "JDK 25 AOT cache: `regdoctor explain MESSAGE`",
          aotLauncher + " explain '" + MESSAGE + "'");
      commands.put(
          "JDK 25 AOT cache: `regdoctor diagnose --plain-http …`",
          aotLauncher + " diagnose --plain-http " + plain + " " + image);
    }
    if (Files.isExecutable(Path.of("/usr/bin/skopeo"))) {
      commands.put(
          "`skopeo inspect --tls-verify=false docker://IMAGE`",
          "skopeo inspect --tls-verify=false docker://" + image);
    }
    Path json = work.resolve("hyperfine.json");
    List<String> hyperfine =
        new ArrayList<>(
            List.of(
                "hyperfine",
                "-N",
                "-i",
                "--warmup",
                "3",
                "--runs",
                String.valueOf(options.coldRuns()),
                "--export-json",
                json.toString()));
    commands.forEach(
        (name, command) -> {
          hyperfine.add("-n");
          hyperfine.add(name);
          hyperfine.add(command);
        });
    line("cold start: hyperfine, %d runs of each command...", options.coldRuns());
    Process process =
        new ProcessBuilder(hyperfine)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("hyperfine.txt").toFile())
            .start();
    if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "hyperfine failed: " + Files.readString(work.resolve("hyperfine.txt")));
    }
    JsonNode results = new ObjectMapper().readTree(json.toFile()).path("results");
    double javaVersion = results.get(0).path("median").asDouble();
    List<String> rows = new ArrayList<>();
    for (JsonNode result : results) {
      double median = result.path("median").asDouble();
      rows.add(
          String.format(
              Locale.ROOT,
              "| %s | %.3f | %.3f | %.3f | %.3f | %.1f× | %s |",
              result.path("command").asText(),
              median,
              result.path("min").asDouble(),
              result.path("stddev").asDouble(),
              result.path("user").asDouble() + result.path("system").asDouble(),
              median / javaVersion,
              goal(result.path("command").asText(), median, javaVersion)));
    }
    return rows;
  }

  private static String goal(String name, double median, double javaVersion) {
    if (name.contains("AOT") || name.contains("no launcher") || name.contains("archive off")) {
      return "";
    }
    if (name.startsWith("`regdoctor --help`")) {
      return (median <= 0.15 ? "met" : "missed") + " (≤ 0.15 s)";
    }
    if (name.startsWith("`regdoctor explain")) {
      return (median <= 0.3 ? "met" : "missed") + " (≤ 0.3 s)";
    }
    if (name.startsWith("`regdoctor diagnose")) {
      return (median <= 6 * javaVersion ? "met" : "missed") + " (≤ 6× `java -version`)";
    }
    return "";
  }

  private List<String> memory(Path launcher) throws Exception {
    if (options.memoryImages() <= 0) {
      return List.of();
    }
    line("memory: seeding %d images in 20 repositories...", options.memoryImages());
    try (BenchRegistry registry = new BenchRegistry(options.memoryImages(), 20)) {
      ProcessRuns.Run run =
          ProcessRuns.run(
              regdoctorBulk(launcher, registry),
              Map.of("REGDOCTOR_JAVA_OPTS", "-Xmx64m"),
              work.resolve("memory.json"));
      long ok = countOk(work.resolve("memory.json"));
      line(
          "memory: exit %d, %d OK, %.1f s, RSS %.0f MiB",
          run.exit(), ok, run.wallSeconds(), run.peakRssMiB());
      return List.of(
          String.format(
              Locale.ROOT,
              "| %,d | `REGDOCTOR_JAVA_OPTS=-Xmx64m regdoctor diagnose --json` | exit %d, %,d OK | %.1f | %.0f |",
              options.memoryImages(),
              run.exit(),
              ok,
              run.wallSeconds(),
              run.peakRssMiB()));
    }
  }

  /** Counts {@code "ok" : true} lines without parsing the whole (large) JSON array into memory. */
  private static long countOk(Path json) throws IOException {
    try (var lines = Files.lines(json, StandardCharsets.UTF_8)) {
      return lines.filter(text -> text.equals("  \"ok\" : true,")).count();
    }
  }

  private String markdown(
      String loadBefore,
      String loadAfter,
      List<String> bulkRows,
      List<String> coldRows,
      List<String> memoryRows)
      throws IOException, InterruptedException {
    StringBuilder md = new StringBuilder();
    md.append("### Whole processes and cold start (`samples/bench/startup-bench.sh`)\n\n");
    md.append("Run ")
        .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE))
        .append(" on ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ")
        .append(javaVersion())
        .append(", Debian's `docker-registry` on 127.0.0.1; load average (1, 5, 15 min) ")
        .append(loadBefore.substring(0, nthSpace(loadBefore, 3)))
        .append(" before and ")
        .append(loadAfter.substring(0, nthSpace(loadAfter, 3)))
        .append(" after (other builds share the machine when it is above 2). Command:\n\n```\n")
        .append(options.command())
        .append("\n```\n\n");
    if (bulkRows.isEmpty()) {
      md.append("Bulk: not run (`--rounds 0`).\n");
    } else {
      bulkTable(md, bulkRows);
    }
    md.append(
            String.format(
                Locale.ROOT,
                "%nCold start: hyperfine, 3 warm-up runs and %d runs of each command, one after"
                    + " the other; seconds.%n%n",
                options.coldRuns()))
        .append("| command | median | min | σ | CPU (mean) | vs `java -version` | goal |\n")
        .append("|---|---|---|---|---|---|---|\n");
    coldRows.forEach(row -> md.append(row).append('\n'));
    if (!memoryRows.isEmpty()) {
      md.append("\nMemory: one process, reports streamed as they complete.\n\n")
          .append("| images | command | result | wall s | peak RSS MiB |\n")
          .append("|---|---|---|---|---|\n");
      memoryRows.forEach(row -> md.append(row).append('\n'));
    }
    return md.toString();
  }

  private void bulkTable(StringBuilder md, List<String> bulkRows) {
    md.append(
            String.format(
                Locale.ROOT,
                "Bulk: %,d images in 10 repositories, concurrency %d, each client a fresh process"
                    + " (start-up included), %d rounds in rotating order; medians. \"vs OkHttp\" is"
                    + " the checker's median time over this client's (goal ≥ 0.90×).\n\n",
                options.images(),
                options.concurrency(),
                options.rounds()))
        .append(
            "| client | wall s | images/s | vs OkHttp | CPU s | peak RSS MiB | every run (s) |\n")
        .append("|---|---|---|---|---|---|---|\n");
    bulkRows.forEach(row -> md.append(row).append('\n'));
  }

  private static int nthSpace(String text, int n) {
    int index = -1;
    for (int i = 0; i < n; i++) {
      index = text.indexOf(' ', index + 1);
      if (index < 0) {
        return text.length();
      }
    }
    return index;
  }

  private static String javaVersion() {
    return "Java "
        + System.getProperty("java.version")
        + " ("
        + System.getProperty("java.vm.name")
        + ")";
  }

  /** The README gets the first two tables only; the benchmarks page gets everything. */
  private static String readmeSummary(String markdown) {
    int memory = markdown.indexOf("\nMemory:");
    String summary = memory < 0 ? markdown : markdown.substring(0, memory + 1);
    return summary.replace(
            "### Whole processes and cold start", "#### Whole processes and cold start")
        + "\nAll figures and the memory run: [`docs/benchmarks.md`](docs/benchmarks.md).\n";
  }

  /** Replaces the text between the markers, or appends a marked section when there is none. */
  static void replaceSection(Path file, String content) throws IOException {
    String text = Files.readString(file);
    String section = BEGIN + "\n" + content + END;
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    String updated =
        begin >= 0 && end > begin
            ? text.substring(0, begin) + section + text.substring(end + END.length())
            : text + "\n" + section + "\n";
    Files.writeString(file, updated);
  }

  private static double median(
      List<ProcessRuns.Run> runs, java.util.function.ToDoubleFunction<ProcessRuns.Run> value) {
    double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private void line(String format, Object... args) {
    System.out.printf(Locale.ROOT, format + "%n", args);
    System.out.flush();
  }
}
