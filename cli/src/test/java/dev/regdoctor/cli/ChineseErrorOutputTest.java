package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.internal.ChineseText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Session 16: with {@code --lang zh-CN} the command line still wrote English — picocli's usage
 * errors, the tool's own, a manifest's YAML or JSON syntax error, a {@code serve} configuration's
 * problem, a credential helper's invalid answer, an ignored {@code daemon.json} entry. Each runs
 * here as the real command ({@link Main#run}, or the {@code regdoctor} process where the
 * environment matters) and every message line must read as Chinese: no English word outside names,
 * options, paths, codes and quoted data (the raw parser detail, what kubectl said).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChineseErrorOutputTest {
  @TempDir Path dir;

  /** The outcome of one run. */
  record Run(int status, String out, String err) {}

  @BeforeEach
  void files() throws Exception {
    Files.writeString(
        dir.resolve("bad.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: [\n");
    Files.writeString(dir.resolve("bad.json"), "{\"a\": }");
    Files.writeString(dir.resolve("empty.yaml"), "");
    Files.writeString(dir.resolve("tab.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n");
    Files.writeString(
        dir.resolve("template.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .x }}\n");
    Files.createDirectories(dir.resolve("docker"));
    Files.writeString(dir.resolve("docker/config.json"), "{\"auths\": {\n");
    Files.writeString(dir.resolve("daemon.json"), "{\"insecure-registries\": [\"127.0.0.1:0\"]}");
    Files.writeString(dir.resolve("lines.txt"), "x\n");
    serveConfig("badImage", "targets:\n  - image: Bad/Image\n");
    serveConfig("interval", "interval: soon\ntargets:\n  - image: a/b:1\n");
    serveConfig("plainHttp", "plainHttp: [127.0.0.1]\ntargets:\n  - image: a/b:1\n");
    serveConfig("nothing", "");
    serveConfig("twice", "targets:\n  - image: a/b:1\n  - image: a/b:1\n");
    serveConfig("concurrency", "concurrency: 0\ntargets:\n  - image: a/b:1\n");
    serveConfig("bool", "targets:\n  - image: a/b:1\n    pullTest: maybe\n");
    serveConfig("source", "kubernetes:\n  source: magic\n");
  }

  private void serveConfig(String name, String body) throws Exception {
    Files.writeString(dir.resolve(name + ".yaml"), "lang: zh-CN\n" + body);
  }

  static Stream<Arguments> usageErrors() {
    String image = "127.0.0.1:1/team/app:1";
    return Stream.of(
        // picocli's usage errors
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--bogus", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--bogus", "--bogus2", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--jsn", image)),
        Arguments.of(List.of("dignose", "--lang", "zh-CN", image)),
        Arguments.of(List.of("diagnose", "--lang=zh-CN")),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--timeout")),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--timeout", "abc", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--timeout", "0", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--concurrency", "x", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--json", "--json", image)),
        Arguments.of(
            List.of("diagnose", "--lang", "zh-CN", "--timeout", "1s", "--timeout", "2s", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--timeout", "--json", image)),
        Arguments.of(List.of("explain", "--lang", "zh-CN", "--json=maybe", "x")),
        Arguments.of(List.of("demo", "--lang", "zh-CN", "extra")),
        Arguments.of(List.of("demo", "--lang", "zh-CN", "extra", "more")),
        Arguments.of(List.of("serve", "--lang=zh-CN")),
        // the tool's own, and the library's messages under the option that gave the value
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--platform", "bad", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--runtime", "foo", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--plain-http", "127.0.0.1", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--insecure-registry", "a b", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--resolve", "foo", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--concurrency", "0", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--ca-file", "{dir}/none.pem", image)),
        Arguments.of(
            List.of("diagnose", "--lang", "zh-CN", "--docker-config", "{dir}/docker", image)),
        Arguments.of(
            List.of("diagnose", "--lang", "zh-CN", "--docker-config", "{dir}/none.json", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--password-stdin", image)),
        Arguments.of(
            List.of("diagnose", "--lang", "zh-CN", "--pull-test", "--sample-size", "abc", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--sample-size", "100B", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--large-image-layers", "0", image)),
        Arguments.of(List.of("diagnose", "--lang", "zh-CN", "--hosts-dir", "{dir}/none", image)),
        Arguments.of(
            List.of("diagnose", "--lang", "zh-CN", "--registries-conf", "{dir}/none", image)),
        Arguments.of(List.of("mirrors", "--lang", "zh-CN", "--daemon-json", "{dir}/none", image)),
        Arguments.of(
            List.of("mirrors", "--lang", "zh-CN", "--daemon-json", "{dir}/bad.json", image)),
        Arguments.of(List.of("explain", "--lang", "zh-CN")),
        Arguments.of(List.of("explain", "--lang", "zh-CN", " ")),
        Arguments.of(List.of("explain", "--lang", "zh-CN", "-")),
        Arguments.of(List.of("explain", "--lang", "zh-CN", "--batch", "{dir}/none.txt")),
        Arguments.of(List.of("explain", "--lang", "zh-CN", "--batch", "{dir}/lines.txt", "x")),
        Arguments.of(List.of("k8s", "--lang", "zh-CN")),
        Arguments.of(List.of("k8s", "--lang", "zh-CN", "-A", "{dir}/bad.yaml")),
        Arguments.of(List.of("k8s", "--lang", "zh-CN", "-")),
        // a manifest's syntax error: the position in Chinese, the parser's detail quoted
        Arguments.of(List.of("k8s", "--lang", "zh-CN", "--offline", "{dir}/bad.yaml")),
        Arguments.of(List.of("k8s", "--lang", "zh-CN", "--offline", "{dir}/bad.json")),
        Arguments.of(List.of("k8s", "--lang", "zh-CN", "--offline", "{dir}/tab.yaml")),
        Arguments.of(List.of("k8s", "--lang", "zh-CN", "--offline", "{dir}/template.yaml")),
        Arguments.of(List.of("k8s", "--lang", "zh-CN", "--offline", "{dir}/empty.yaml")),
        Arguments.of(List.of("k8s", "--lang", "zh-CN", "--offline", "{dir}/none.yaml")),
        // serve has no --lang: a configuration's problems in the language it chose
        Arguments.of(List.of("serve", "--config", "{dir}/badImage.yaml")),
        Arguments.of(List.of("serve", "--config", "{dir}/interval.yaml")),
        Arguments.of(List.of("serve", "--config", "{dir}/plainHttp.yaml")),
        Arguments.of(List.of("serve", "--config", "{dir}/nothing.yaml")),
        Arguments.of(List.of("serve", "--config", "{dir}/twice.yaml")),
        Arguments.of(List.of("serve", "--config", "{dir}/concurrency.yaml")),
        Arguments.of(List.of("serve", "--config", "{dir}/bool.yaml")),
        Arguments.of(List.of("serve", "--config", "{dir}/source.yaml")));
  }

  @ParameterizedTest
  @MethodSource("usageErrors")
  void aUsageErrorReadsAsChinese(List<String> args) {
    Run run = run(Locale.ENGLISH, args(args));

    assertThat(run.status()).as(run.toString()).isEqualTo(Cli.USAGE);
    assertChinese(run.err().lines().toList());
  }

  /** Without {@code --lang}, the JVM's language: a file that is not YAML cannot choose one. */
  @Test
  void serveSaysAConfigurationItCannotReadInTheJvmsLanguage() {
    Run notYaml = run(Locale.SIMPLIFIED_CHINESE, "serve", "--config", path("bad.yaml"));
    Run listen =
        run(Locale.SIMPLIFIED_CHINESE, "serve", "--listen", "x", "--config", path("bad.yaml"));

    assertChinese(notYaml.err().lines().toList());
    assertThat(notYaml.err())
        .contains("bad.yaml 第 5 行：不是有效的 YAML：\"while parsing a block mapping\"");
    assertChinese(listen.err().lines().toList());
  }

  @Test
  void aYamlSyntaxErrorKeepsTheParsersDetailAsData() {
    Run run = run(Locale.ENGLISH, "k8s", "--lang", "zh-CN", "--offline", path("bad.yaml"));

    assertThat(run.err())
        .isEqualTo(
            "regdoctor: "
                + path("bad.yaml")
                + "：YAML 无效（第 5 行第 2 列）：\"expected <block end>, but found '<block mapping"
                + " start>'\"\n");
  }

  @Test
  void anIgnoredDaemonJsonEntryIsSaidInChinese() {
    Run run =
        run(
            Locale.ENGLISH,
            "diagnose",
            "--lang",
            "zh-CN",
            "--daemon-json",
            path("daemon.json"),
            "127.0.0.1:1/team/app:1");

    List<String> ignored =
        run.out().lines().filter(line -> line.contains("insecure-registries")).toList();
    assertThat(ignored).as(run.out()).isNotEmpty();
    assertChinese(ignored);
  }

  /** English is what it always was, word for word. */
  @Test
  void englishRunsKeepTheirWords() {
    assertThat(run(Locale.ENGLISH, "diagnose", "--lang", "en", "--bogus", "x").err())
        .isEqualTo(
            "regdoctor: Unknown option: '--bogus'\n"
                + "Try 'regdoctor diagnose --help' for more information.\n");
    assertThat(run(Locale.ENGLISH, "k8s", "--offline", path("bad.yaml")).err())
        .isEqualTo(
            "regdoctor: "
                + path("bad.yaml")
                + ": invalid YAML at line 5, column 2: expected <block end>, but found '<block"
                + " mapping start>'\n");
    // the same file said in English when it chooses no language
    Path english = dir.resolve("english.yaml");
    writeQuietly(english, "targets:\n  - image: Bad/Image\n");
    assertThat(run(Locale.ENGLISH, "serve", "--config", english.toString()).err())
        .isEqualTo(
            "regdoctor: "
                + english
                + ":2: /targets/0/image: not a valid image reference: invalid reference"
                + " \"Bad/Image\": repository name must be lowercase (at index 4)\n");
  }

  /**
   * A credential helper that answers with something other than JSON, and kubectl without a usable
   * context: both found on the {@code PATH}, so the real {@code regdoctor} process runs with one of
   * its own.
   */
  @Test
  void aHelpersInvalidAnswerAndKubectlsFailureAreSaidInChinese() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    script(bin.resolve("docker-credential-zhbad"), "echo 'not json'");
    script(
        bin.resolve("kubectl"),
        "echo 'The connection to the server localhost:8080 was refused - did you specify the"
            + " right host or port?' >&2; exit 1");
    Path config = Files.createDirectories(dir.resolve("helper"));
    Files.writeString(
        config.resolve("config.json"), "{\"credHelpers\": {\"127.0.0.1:1\": \"zhbad\"}}");
    String path = bin + java.io.File.pathSeparator + System.getenv().getOrDefault("PATH", "");

    Run helper =
        process(
            Map.of("PATH", path),
            "diagnose",
            "--lang",
            "zh-CN",
            "--docker-config",
            config.toString(),
            "127.0.0.1:1/team/app:1");
    Run kubectl =
        process(
            Map.of("PATH", path, "KUBECONFIG", dir.resolve("none").toString()),
            "k8s",
            "--lang",
            "zh-CN",
            "--cluster",
            "--offline");

    List<String> helperLines =
        helper.out().lines().filter(line -> line.contains("credHelper zhbad")).toList();
    assertThat(helperLines).as(helper.toString()).isNotEmpty();
    assertChinese(helperLines, "zhbad");
    assertThat(kubectl.status()).as(kubectl.toString()).isEqualTo(Cli.USAGE);
    assertChinese(kubectl.err().lines().toList());
  }

  /** Every form has a Chinese one with the same placeholders, and it reads as Chinese. */
  @Test
  void everyFormHasAChineseFormWithTheSamePlaceholders() throws Exception {
    Properties english = bundle("errors.properties");
    Properties chinese = bundle("errors_zh_CN.properties");

    assertThat(english.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(ErrorText.ALL)
        .containsExactlyInAnyOrderElementsOf(chinese.stringPropertyNames());
    for (String key : ErrorText.ALL) {
      String worded = chinese.getProperty(key);
      assertThat(ErrorText.placeholders(worded))
          .as(key)
          .containsExactlyInAnyOrderElementsOf(ErrorText.placeholders(english.getProperty(key)));
      assertThat(ChineseText.strayWords(worded)).as(key + ": " + worded).isEmpty();
    }
  }

  /**
   * Every piece of English prose the command line puts into an error (a {@code UsageError}, a
   * converter's or a configuration's problem, kubectl's failure) is part of a form: a message added
   * without its Chinese form fails here, not in a user's terminal.
   */
  @Test
  void everyErrorTheSourcesWriteHasAForm() throws Exception {
    Properties english = bundle("errors.properties");
    List<String> forms =
        ErrorText.ALL.stream()
            .map(english::getProperty)
            .map(form -> form.replaceAll("\\{[A-Za-z]+\\}", "\u0000"))
            .toList();
    Path cli = Path.of("src", "main", "java", "dev", "regdoctor", "cli");
    Map<Path, List<String>> calls =
        Map.of(
            cli,
            List.of(
                "UsageError(",
                "UsageError.quoting(",
                "ConfigException(",
                "error(",
                "TypeConversionException(",
                "sayLine("),
            Path.of(
                "..",
                "diagnostics",
                "src",
                "main",
                "java",
                "dev",
                "regdoctor",
                "diagnostics",
                "kubernetes"),
            List.of("KubectlException("));
    List<String> missing = new ArrayList<>();
    for (Map.Entry<Path, List<String>> entry : calls.entrySet()) {
      try (Stream<Path> files = Files.list(entry.getKey())) {
        for (Path file :
            files
                .filter(f -> f.toString().endsWith(".java"))
                // the exporter's HTTP answers are an API's, not the command line's
                .filter(f -> !f.getFileName().toString().equals("ExporterHttp.java"))
                .toList()) {
          String text = Files.readString(file);
          for (String call : entry.getValue()) {
            for (String found : literalsInCalls(text, call)) {
              // an option's name is the {option} a form holds; "regdoctor: " leads every line
              String literal = found.replaceFirst("^regdoctor: ", "");
              if (literal.matches("--?[a-z][\\w-]*:? ") || NOT_MESSAGES.contains(literal)) {
                continue;
              }
              if (forms.stream().noneMatch(form -> form.contains(literal))) {
                missing.add(file.getFileName() + ": \"" + literal + "\"");
              }
            }
          }
        }
      }
    }
    assertThat(missing).as("English in an error without a form in errors.properties").isEmpty();
  }

  /** Literals in those calls that are not prose: the library's setting name the CLI strips. */
  private static final java.util.Set<String> NOT_MESSAGES = java.util.Set.of("caCertificate ");

  /**
   * Returns the string literals with a letter in the arguments of each call of {@code call} in Java
   * source {@code text}, less the argument-free ones of another call ({@code requireNonNull}).
   */
  static List<String> literalsInCalls(String text, String call) {
    List<String> literals = new ArrayList<>();
    for (int at = text.indexOf(call); at >= 0; at = text.indexOf(call, at + 1)) {
      char before = at == 0 ? ' ' : text.charAt(at - 1);
      if (Character.isLetterOrDigit(before) && !call.startsWith("UsageError")) {
        continue; // another name ending the same way (e.g. a method named fooError)
      }
      int depth = 0;
      for (int i = at + call.length() - 1; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"') {
          StringBuilder literal = new StringBuilder();
          for (i++; text.charAt(i) != '"'; i++) {
            if (text.charAt(i) == '\\') {
              i++;
              literal.append(text.charAt(i) == 'n' ? '\n' : text.charAt(i));
            } else {
              literal.append(text.charAt(i));
            }
          }
          if (literal.chars().anyMatch(Character::isLetter) && literal.indexOf(" ") >= 0) {
            literals.add(literal.toString());
          }
        } else if (c == '\'') {
          i += text.charAt(i + 1) == '\\' ? 3 : 2;
        } else if (c == '(') {
          depth++;
        } else if (c == ')' && --depth == 0) {
          break;
        }
      }
    }
    return literals;
  }

  /** A message in no known form stays English whole, and English runs are never touched. */
  @Test
  void aMessageInNoKnownFormStaysEnglishWhole() {
    String unknown = "--plain-http: something new went wrong";

    assertThat(ErrorText.say(unknown, Locale.SIMPLIFIED_CHINESE)).isEqualTo(unknown);
    assertThat(ErrorText.say("Unknown option: '--x'", Locale.ENGLISH))
        .isEqualTo("Unknown option: '--x'");
  }

  private static Properties bundle(String name) throws Exception {
    Properties properties = new Properties();
    try (InputStream in = ErrorText.class.getResourceAsStream(name)) {
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }

  /**
   * Each line holds Chinese and no English word outside {@code names} (names the test gave, which
   * stay as they are in any language), options, paths and quoted data.
   */
  private static void assertChinese(List<String> lines, String... names) {
    assertThat(lines).isNotEmpty();
    List<String> stray = new ArrayList<>();
    for (String line : lines) {
      String unnamed = line;
      for (String name : names) {
        unnamed = unnamed.replaceAll("\\b" + name + "\\b", " ");
      }
      if (unnamed.codePoints().noneMatch(ChineseErrorOutputTest::isHan)) {
        stray.add("no Chinese in \"" + line + "\"");
      } else if (!ChineseText.strayWords(unnamed).isEmpty()) {
        stray.add(ChineseText.strayWords(unnamed) + " in \"" + line + "\"");
      }
    }
    assertThat(stray).isEmpty();
  }

  private static boolean isHan(int c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  private String[] args(List<String> args) {
    return args.stream().map(arg -> arg.replace("{dir}", dir.toString())).toArray(String[]::new);
  }

  private static void writeQuietly(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void script(Path file, String body) throws Exception {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    assertThat(file.toFile().setExecutable(true)).isTrue();
  }

  /**
   * Runs {@link Main#run} as the process would: standard streams in UTF-8, empty standard input,
   * the JVM's language {@code jvmLocale}.
   */
  private static Run run(Locale jvmLocale, String... args) {
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    InputStream realIn = System.in;
    Locale realLocale = Locale.getDefault();
    String stdoutEncoding = System.getProperty("sun.stdout.encoding");
    String stderrEncoding = System.getProperty("sun.stderr.encoding");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setProperty("sun.stdout.encoding", "UTF-8");
      System.setProperty("sun.stderr.encoding", "UTF-8");
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(new byte[0]));
      Locale.setDefault(jvmLocale);
      int status = Main.run(args);
      return new Run(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
      System.setIn(realIn);
      Locale.setDefault(realLocale);
      restore("sun.stdout.encoding", stdoutEncoding);
      restore("sun.stderr.encoding", stderrEncoding);
    }
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  /** Runs the {@code regdoctor} main class in a process of its own with {@code environment}. */
  private Run process(Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Dfile.encoding=UTF-8",
            "-Dsun.stdout.encoding=UTF-8",
            "-Dsun.stderr.encoding=UTF-8",
            "-Duser.language=en",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(environment);
    builder.environment().put("NO_COLOR", "1");
    Process process = builder.start();
    if (!process.waitFor(100, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("regdoctor did not finish: " + command);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
