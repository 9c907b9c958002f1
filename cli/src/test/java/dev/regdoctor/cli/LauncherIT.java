package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code target/regdoctor} that {@code mvn package} writes next to the jar: it passes
 * arguments through untouched, uses the class-data archive when it matches, and starts cleanly
 * without it when it does not.
 */
@Timeout(120)
class LauncherIT {
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path LAUNCHER = TARGET.resolve("regdoctor");
  private static final String JAVA_HOME = System.getProperty("java.home");

  @TempDir Path temp;

  @Test
  void passesEveryArgumentThroughUnchanged() throws Exception {
    List<String> odd =
        List.of("a b", "$HOME", "*", "x'y\"z", "`id`", "--", "-", "tab\there", "UPPER/Case");
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "diagnose", "--json"));
    command.addAll(odd);

    Result result = run(command, Map.of());

    JsonNode reports = new ObjectMapper().readTree(result.out());
    List<String> inputs = new ArrayList<>();
    reports.forEach(report -> inputs.add(report.path("input").asText()));
    assertThat(inputs)
        .containsExactlyElementsOf(odd.stream().filter(a -> !a.equals("--")).toList());
    assertThat(result.exit()).isEqualTo(Cli.FINDINGS);
  }

  @Test
  void usesTheArchiveTrainedByTheBuild() throws Exception {
    Path archive = archive(TARGET);
    if (!Files.exists(archive)) {
      assertThat(System.getenv("CI"))
          .as("CI builds the archive; %s is missing", archive)
          .isNotEqualTo("true");
      assumeTrue(false, "no archive: built with -Dregdoctor.archive.skip=true");
    }
    Path log = temp.resolve("classes.log");

    Result result =
        run(
            List.of(LAUNCHER.toString(), "--version"),
            Map.of("REGDOCTOR_JAVA_OPTS", "-Xlog:class+load:file=" + log));

    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(mainClassSource(log)).contains("shared objects file");
  }

  @Test
  void startsWithoutTheArchiveWhenTheJarMovedAndSaysNothingAboutIt() throws Exception {
    assumeTrue(Files.exists(archive(TARGET)), "no archive to move");
    Path moved = Files.createDirectories(temp.resolve("moved"));
    for (String file :
        List.of("regdoctor", "regdoctor.jar", archive(TARGET).getFileName().toString())) {
      Files.copy(TARGET.resolve(file), moved.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    Path log = temp.resolve("classes.log");

    Result result =
        run(
            List.of(moved.resolve("regdoctor").toString(), "--version"),
            Map.of("REGDOCTOR_JAVA_OPTS", "-Xlog:class+load:file=" + log));

    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("regdoctor ");
    assertThat(result.err()).isEmpty();
    assertThat(mainClassSource(log)).doesNotContain("shared objects file");
  }

  @Test
  void aCorruptArchiveForThisJarAndJvmIsIgnoredSilently() throws Exception {
    Path copy = Files.createDirectories(temp.resolve("corrupt"));
    Files.copy(TARGET.resolve("regdoctor.jar"), copy.resolve("regdoctor.jar"));
    Result made =
        run(
            List.of(
                "sh",
                Path.of("src/main/launcher/make-launcher.sh").toAbsolutePath().toString(),
                copy.toString(),
                JAVA_HOME,
                "true"),
            Map.of());
    assertThat(made.exit()).as(made.err()).isZero();
    // the stamp matches (same JVM, same jar), the archive itself is garbage
    Files.writeString(copy.resolve("regdoctor.jsa"), "not an archive");
    Files.writeString(copy.resolve("regdoctor.aot"), "not an archive");

    Result result = run(List.of(copy.resolve("regdoctor").toString(), "--version"), Map.of());

    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("regdoctor ");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void runsFromASymlinkAndWithAnotherJava() throws Exception {
    Path link = temp.resolve("regdoctor");
    Files.createSymbolicLink(link, LAUNCHER);
    Path otherJava = temp.resolve("java");
    Files.createSymbolicLink(otherJava, Path.of(JAVA_HOME, "bin", "java"));

    Result viaLink = run(List.of(link.toString(), "--version"), Map.of());
    Result viaOtherJava =
        run(
            List.of(LAUNCHER.toString(), "--version"),
            Map.of("REGDOCTOR_JAVA", otherJava.toString()));

    assertThat(viaLink.exit()).isZero();
    assertThat(viaLink.out()).startsWith("regdoctor ");
    assertThat(viaOtherJava.exit()).isZero();
    assertThat(viaOtherJava.out()).isEqualTo(viaLink.out());
    assertThat(viaOtherJava.err()).isEmpty();
  }

  @Test
  void exitStatusAndErrorsComeThroughTheLauncher() throws Exception {
    Result result = run(List.of(LAUNCHER.toString(), "diagnose"), Map.of());

    assertThat(result.exit()).isEqualTo(Cli.USAGE);
    assertThat(result.err()).contains("regdoctor: Missing required parameter");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void serveKeepsTheOptimisingCompilerThatShortCommandsTurnOff() throws Exception {
    Map<String, String> flags = Map.of("REGDOCTOR_JAVA_OPTS", "-XX:+PrintFlagsFinal");

    Result serve = run(List.of(LAUNCHER.toString(), "serve", "--help"), flags);
    Result explain = run(List.of(LAUNCHER.toString(), "explain", "--help"), flags);

    assertThat(tieredStopAtLevel(serve.out())).isEqualTo("4");
    assertThat(tieredStopAtLevel(explain.out())).isEqualTo("1");
  }

  private static String tieredStopAtLevel(String printFlagsFinal) {
    return printFlagsFinal
        .lines()
        .filter(line -> line.contains(" TieredStopAtLevel "))
        .map(line -> line.trim().split("\\s+")[3])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no TieredStopAtLevel in -XX:+PrintFlagsFinal"));
  }

  private static Path archive(Path directory) {
    Path aot = directory.resolve("regdoctor.aot");
    return Files.exists(aot) ? aot : directory.resolve("regdoctor.jsa");
  }

  private static String mainClassSource(Path log) throws IOException {
    return Files.readAllLines(log).stream()
        .filter(line -> line.contains(" dev.regdoctor.cli.Main "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("dev.regdoctor.cli.Main not in " + log));
  }

  private record Result(int exit, String out, String err) {}

  private Result run(List<String> command, Map<String, String> environment) throws Exception {
    Path out = temp.resolve("out.txt");
    Path err = temp.resolve("err.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("REGDOCTOR_JAVA_OPTS");
    builder.environment().remove("REGDOCTOR_JAVA");
    builder.environment().remove("REGDOCTOR_ARCHIVE");
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running after 60 s: " + command);
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
