package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class FastDiagnoseTest {
  private static final List<FastDiagnose.Entry> TABLE = FastDiagnose.table();

  private static final List<String> VALUES =
      List.of(
          "127.0.0.1:5000",
          "h:5000",
          "en",
          "zh-CN",
          "xx",
          "5s",
          "500ms",
          "2m",
          "1.5s",
          "0s",
          "0",
          "8",
          "08",
          "+3",
          "0x10",
          "99999999999",
          "-1",
          "abc",
          "",
          "\"en\"",
          "'5s'",
          " 5s",
          "linux/arm64",
          "/tmp/x.json",
          "a b",
          "containerd",
          "8MiB",
          "@file",
          "--json");

  private static final List<String> IMAGES =
      List.of(
          "nginx",
          "127.0.0.1:5000/a/b:1",
          "diagnose",
          "help",
          "Bad Ref!",
          "ghcr.io/x/y@sha256:" + "ab".repeat(32),
          "\"quoted\"");

  private static final List<String> ODD =
      List.of(
          "-h",
          "--help",
          "-V",
          "--version",
          "--jsno",
          "--",
          "-",
          "@args.txt",
          "--json=true",
          "--json=",
          "--timeout=5s",
          "--plain-http=h:5000",
          "--lang=",
          "-json",
          "--JSON");

  @Test
  void theTableInTheJarIsWhatPicocliSaysTheOptionsAreNow(@TempDir Path temp) throws Exception {
    FastDiagnose.writeTable(temp);

    try (var in = FastDiagnose.class.getResourceAsStream(FastDiagnose.TABLE)) {
      assertThat(in).as("built by mvn process-classes").isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(temp.resolve("diagnose.options")));
    }
    assertThat(TABLE).isNotNull();
    assertThat(TABLE.stream().filter(FastDiagnose.Entry::supported).count())
        .as("most options parse without picocli")
        .isGreaterThan(TABLE.size() / 2);
  }

  @Test
  void ordinaryCommandLinesTakeTheFastPath() {
    for (String line :
        List.of(
            "diagnose nginx",
            "diagnose --plain-http 127.0.0.1:5000 127.0.0.1:5000/a/b:1",
            "diagnose --json --plain-http 127.0.0.1:5000 --concurrency 8 a:1/x b:1/y",
            "diagnose --lang zh-CN --timeout 10s --platform linux/arm64 nginx",
            "diagnose --ca-file ca.pem --ca-file other.pem --insecure-registry h:5000 h:5000/x",
            "diagnose nginx --runtime containerd --pull-test --json")) {
      DiagnoseCommand fast = FastDiagnose.parse(line.split(" "));

      assertThat(fast).as(line).isNotNull();
      assertSameAsPicocli(line.split(" "), fast);
    }
  }

  @Test
  void anythingUnusualIsLeftToPicocli() {
    for (String line :
        List.of(
            "diagnose",
            "diagnose --help",
            "diagnose nginx -h",
            "diagnose -V",
            "diagnose --json --json nginx",
            "diagnose --timeout 5s --timeout 6s nginx",
            "diagnose -- nginx",
            "diagnose @args.txt",
            "diagnose --lang",
            "diagnose --jsno nginx",
            "diagnose --concurrency 08 nginx",
            "diagnose --timeout soon nginx",
            "explain nginx")) {
      assertThat(FastDiagnose.parse(line.split(" "))).as(line).isNull();
    }
  }

  /** Seeded generated command lines: where the fast path answers, picocli agrees field by field. */
  @ParameterizedTest
  @MethodSource("seeds")
  void whereTheFastPathAnswersPicocliParsesTheSameFields(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int accepted = 0;
    for (int n = 0; n < 500; n++) {
      String[] args = commandLine(random);
      DiagnoseCommand fast = FastDiagnose.parse(args, TABLE);
      if (fast != null) {
        accepted++;
        assertSameAsPicocli(args, fast);
      }
    }
    // the generator must reach the fast path often, or this test proves nothing
    assertThat(accepted).isGreaterThan(50);
  }

  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void aFailureInTheCommandIsReportedAsPicocliReportsIt() {
    String[] args = {"diagnose", "--password-stdin", "nginx"};
    assertThat(FastDiagnose.parse(args)).isNotNull();

    Result fast = capture(() -> Main.run(args));
    Result picocli = capture(() -> Cli.commandLine(args).execute(args));

    assertThat(fast.status()).isEqualTo(picocli.status()).isEqualTo(Cli.USAGE);
    assertThat(fast.err()).isEqualTo(picocli.err()).contains("--password-stdin needs --username");
    assertThat(fast.out()).isEqualTo(picocli.out()).isEmpty();
  }

  private static String[] commandLine(SplittableRandom random) {
    List<String> args = new ArrayList<>(List.of("diagnose"));
    int length = 1 + random.nextInt(7);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(100);
      if (kind < 45) {
        FastDiagnose.Entry entry = TABLE.get(random.nextInt(TABLE.size()));
        if (entry.names().get(0).startsWith("@")) {
          args.add(pick(random, IMAGES));
          continue;
        }
        String name = pick(random, entry.names());
        if (entry.flag() && random.nextInt(10) > 0) {
          args.add(name);
        } else if (random.nextInt(4) == 0) {
          args.add(name + "=" + pick(random, VALUES));
        } else {
          args.add(name);
          if (random.nextInt(10) > 0) {
            args.add(pick(random, VALUES));
          }
        }
      } else if (kind < 80) {
        args.add(pick(random, IMAGES));
      } else if (kind < 90) {
        args.add(pick(random, VALUES));
      } else {
        args.add(pick(random, ODD));
      }
    }
    return args.toArray(String[]::new);
  }

  private static String pick(SplittableRandom random, List<String> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static void assertSameAsPicocli(String[] args, DiagnoseCommand fast) {
    CommandLine line = Cli.commandLine(args);
    assertThatCode(() -> line.parseArgs(args))
        .as("picocli accepts %s", String.join(" | ", args))
        .doesNotThrowAnyException();
    DiagnoseCommand parsed = line.getSubcommands().get("diagnose").getCommand();
    assertThat(fast)
        .as(String.join(" | ", args))
        .usingRecursiveComparison()
        .ignoringFields("spec", "stdin", "environment", "out", "err")
        .isEqualTo(parsed);
  }

  private record Result(int status, String out, String err) {}

  private static Result capture(java.util.function.IntSupplier run) {
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = run.getAsInt();
      return new Result(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
    }
  }
}
