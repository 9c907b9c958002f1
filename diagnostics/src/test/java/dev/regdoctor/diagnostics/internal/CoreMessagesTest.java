package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.credentials.KubernetesCredentialResolver;
import dev.regdoctor.credentials.KubernetesSecrets;
import dev.regdoctor.credentials.PullSecret;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Review item (session 15): zh-CN output printed the messages of core's parsers in English, such as
 * {@code invalid reference "Registry.Example.com/Shop/Web:1.4": repository name must be lowercase
 * (at index 21)} and a pull secret's {@code not valid base64}. {@link Catalogue#coreMessage} words
 * every form core writes in Chinese, keeping the input, pointers, keys and names; English stays
 * byte for byte what core wrote.
 */
class CoreMessagesTest {
  private static final Catalogue CHINESE = Catalogue.forLocale(Catalogue.ZH_CN);
  private static final Catalogue ENGLISH = Catalogue.forLocale(Locale.ROOT);

  private static final String HEX64 = "a".repeat(64);

  /**
   * One input per reason {@code ImageReference} and its grammar can give (and per place a character
   * can be refused), through {@code parse}, {@code of} and {@code checkRegistry}.
   */
  static Stream<Arguments> invalidReferences() {
    return Stream.of(
        parse(""),
        parse(" nginx"),
        parse("nginx "),
        parse("https://user:secret@registry.example.com/app"),
        parse("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        parse("registry.example.com/"),
        of("registry.example.com", "app", null, null),
        of("myregistry", "app", "1", null),
        parse("a".repeat(250)),
        parse("registry.example.com/" + "a".repeat(250)),
        registry(""),
        registry("[::1]x"),
        registry("-r.example.com"),
        registry(":5000"),
        registry("r.example.com."),
        registry("r..example.com"),
        registry("r-.example.com"),
        registry("[fe80::1%eth0]"),
        registry("[::1"),
        registry("[]"),
        registry("[1:2]"),
        registry("r.example.com:"),
        registry("r.example.com:0"),
        of("registry.example.com", "", "1", null),
        parse("team/app/"),
        parse("team//app"),
        parse("/app"),
        parse("app."),
        parse("Registry.Example.com/Shop/Web:1.4"),
        parse("team/.app"),
        parse("a___b"),
        parse("a.-b"),
        parse("app:"),
        parse("app:.1"),
        parse("app:" + "a".repeat(129)),
        parse("app@"),
        parse("app@sha256:"),
        parse("app@sha256:A" + "a".repeat(63)),
        parse("app@sha256:" + "g".repeat(64)),
        parse("app@sha256:" + "a".repeat(63)),
        parse("app@md5:abc"),
        parse("app@:abc"),
        parse("app@sha+:abc"),
        parse("app@+sha:abc"),
        parse("app@SHA256:" + HEX64),
        parse("app@sha256"),
        parse("team/a b"),
        parse("team/a\u0001b"),
        parse("team/aéb"),
        parse("team/a!b"),
        registry("r_x.example.com"),
        registry("[::g]"),
        registry("r.example.com:50x0"),
        parse("app:1!"),
        parse("app@md5:!"),
        parse("app@sh!a:abc"),
        parse("{{ .Values.image }}"));
  }

  private static Arguments parse(String text) {
    return Arguments.of("parse " + text, (Runnable) () -> ImageReference.parse(text));
  }

  private static Arguments of(String registry, String repository, String tag, String digest) {
    return Arguments.of(
        "of " + registry + " " + repository,
        (Runnable) () -> ImageReference.of(registry, repository, tag, digest));
  }

  private static Arguments registry(String text) {
    return Arguments.of(
        "checkRegistry " + text, (Runnable) () -> ImageReference.checkRegistry(text));
  }

  private static InvalidReferenceException thrownBy(Runnable call) {
    InvalidReferenceException e = catchThrowableOfType(InvalidReferenceException.class, call::run);
    assertThat(e).as("rejected").isNotNull();
    return e;
  }

  @Nested
  class InvalidReferences {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.regdoctor.diagnostics.internal.CoreMessagesTest#invalidReferences")
    void chineseLineKeepsTheQuotedInputAndSaysTheReasonInChinese(String name, Runnable call) {
      InvalidReferenceException e = thrownBy(call);
      String message = e.getMessage();
      String quoted =
          message.substring(
              "invalid reference \"".length(), message.lastIndexOf("\": " + e.reason()));

      String chinese = CHINESE.coreMessage(message);

      assertThat(chinese).startsWith("镜像引用 \"" + quoted + "\" 无效：").doesNotContain(e.reason());
      assertThat(ChineseText.strayWords(chinese)).as(chinese).isEmpty();
      if (e.position() >= 0) {
        assertThat(chinese).endsWith("（位于索引 " + e.position() + "）");
      }
      String reason = CHINESE.coreMessage(e.reason());
      assertThat(reason).isNotEqualTo(e.reason()).matches(".*\\p{IsHan}.*");
      assertThat(ChineseText.strayWords(reason)).as(reason).isEmpty();
      assertThat(chinese).contains(reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.regdoctor.diagnostics.internal.CoreMessagesTest#invalidReferences")
    void englishStaysWhatCoreWrote(String name, Runnable call) {
      InvalidReferenceException e = thrownBy(call);

      assertThat(ENGLISH.coreMessage(e.getMessage())).isEqualTo(e.getMessage());
      assertThat(ENGLISH.evidence(e.getMessage())).isEqualTo(e.getMessage());
      assertThat(ENGLISH.coreMessage(e.reason())).isEqualTo(e.reason());
    }

    /** The table above reaches every reason form, and every place a character is refused. */
    @Test
    void theInputsReachEveryReasonForm() {
      Set<String> reached = new TreeSet<>();
      Set<String> places = new TreeSet<>();
      invalidReferences()
          .forEach(
              arguments -> {
                String reason = thrownBy((Runnable) arguments.get()[1]).reason();
                String form = CoreMessages.formOf(CoreMessages.REASONS, reason);
                assertThat(form).as("form of " + reason).isNotNull();
                reached.add(form);
                for (String where : CoreMessages.WHERE) {
                  if (reason.endsWith(" in " + ENGLISH.label(where))) {
                    places.add(where);
                  }
                }
              });

      assertThat(reached).containsExactlyInAnyOrderElementsOf(CoreMessages.REASONS);
      assertThat(places).containsExactlyInAnyOrderElementsOf(CoreMessages.WHERE);
    }
  }

  /**
   * Every piece of English prose in the files that word core's parser messages is part of a form
   * the catalogue knows: a reason added to core without its Chinese form fails here, not in a
   * user's terminal.
   */
  @Nested
  class CoreSources {
    private static final Path CORE =
        Path.of("..", "core", "src", "main", "java", "dev", "regdoctor");

    private void assertEveryProseLiteralHasAForm(String file, Set<String> notMessages)
        throws IOException {
      List<String> forms =
          CoreMessages.ALL.stream().map(ENGLISH::label).map(CoreSources::literalText).toList();
      List<String> missing = new ArrayList<>();
      for (String literal : proseLiterals(Files.readString(CORE.resolve(file)))) {
        if (!notMessages.contains(literal)
            && forms.stream().noneMatch(form -> form.contains(literal))) {
          missing.add(literal);
        }
      }
      assertThat(missing).as("English in " + file + " without a form in the catalogue").isEmpty();
    }

    /** Returns the template's text with each placeholder a break no literal spans. */
    private static String literalText(String template) {
      return template.replaceAll("\\{[A-Za-z]+\\}", "\u0000");
    }

    @Test
    void everyReferenceReasonHasAChineseForm() throws IOException {
      assertEveryProseLiteralHasAForm("reference/ReferenceGrammar.java", Set.of());
      assertEveryProseLiteralHasAForm("reference/ImageReference.java", Set.of());
    }

    @Test
    void everyPullSecretProblemHasAChineseForm() throws IOException {
      // A document's label ("file (document 2)") and the secret's ("secret ns/name") are names;
      // a file that is not YAML at all is an error of the command, not a secret's problem.
      assertEveryProseLiteralHasAForm(
          "credentials/KubernetesSecrets.java", Set.of(" (document ", "invalid YAML (", "secret "));
      assertEveryProseLiteralHasAForm(
          "credentials/AuthField.java", Set.of(", password=<redacted>]"));
      // Jackson's own messages, which the parser classifies into fixed phrases.
      assertEveryProseLiteralHasAForm(
          "internal/json/JsonTrees.java",
          Set.of(
              "Unexpected end-of-input",
              "Unexpected character ('",
              "Unexpected character",
              "Unrecognized token",
              "Unexpected close marker",
              "Illegal unquoted character",
              "Unrecognized character escape",
              "Trailing token",
              "numeric value",
              "Invalid numeric",
              "Invalid UTF-8"));
      assertEveryProseLiteralHasAForm("credentials/DockerConfigParser.java", Set.of());
    }

    /**
     * Session 16: a registry entry's refusal, a platform, a runtime and a --resolve value reach the
     * command line's usage errors and an ignored daemon.json entry.
     */
    @Test
    void everySettingRefusalHasAChineseForm() throws IOException {
      // a long entry is quoted shortened, with its length: part of the quoted value
      assertEveryProseLiteralHasAForm("probe/RegistryEntries.java", Set.of(" characters)"));
      // the record's own check of a part, which parse() has always passed: a caller's bug
      assertEveryProseLiteralHasAForm("reference/Platform.java", Set.of(" must match "));
      // commands, not messages
      assertEveryProseLiteralHasAForm(
          "endpoint/ContainerRuntime.java",
          Set.of("sudo systemctl restart docker", "sudo systemctl reload crio"));
      // an address that passed validation and does not parse is a bug, not a user's input
      assertEveryProseLiteralHasAForm(
          "endpoint/ResolveOverride.java", Set.of("validated IP literal did not parse: "));
    }

    @Test
    void everyNearMissHasAChineseForm() throws IOException {
      assertEveryProseLiteralHasAForm("credentials/KubeletKeyring.java", Set.of());
      assertEveryProseLiteralHasAForm("credentials/DockerKeys.java", Set.of());
    }
  }

  /** Returns the string literals of Java source {@code text} that hold a space. */
  static List<String> proseLiterals(String text) {
    List<String> literals = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (text.startsWith("//", i)) {
        i = text.indexOf('\n', i);
        i = i < 0 ? text.length() : i;
      } else if (text.startsWith("/*", i)) {
        i = text.indexOf("*/", i + 2) + 2;
      } else if (c == '\'' || c == '"') {
        StringBuilder literal = new StringBuilder();
        i++;
        while (text.charAt(i) != c) {
          if (text.charAt(i) == '\\') {
            i++;
          }
          literal.append(text.charAt(i));
          i++;
        }
        i++;
        if (c == '"' && literal.indexOf(" ") >= 0) {
          literals.add(literal.toString());
        }
      } else {
        i++;
      }
    }
    return literals;
  }

  @Nested
  class PullSecrets {
    private static final String CONFIG_JSON = "kubernetes.io/dockerconfigjson";

    private static String secret(String name, String type, String data) {
      return "apiVersion: v1\nkind: Secret\nmetadata: {name: "
          + name
          + ", namespace: shop}\ntype: "
          + type
          + "\n"
          + data
          + "\n---\n";
    }

    private static String config(String name, String json) {
      return secret(name, CONFIG_JSON, "stringData:\n  .dockerconfigjson: '" + json + "'");
    }

    private static String base64(String text) {
      return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Secrets with every problem the kubelet's reading of a Secret can find. */
    private static List<PullSecret> secrets() {
      String yaml =
          "apiVersion: v1\nkind: Secret\nmetadata: {namespace: shop}\ntype: Opaque\n---\n"
              + secret("map", CONFIG_JSON, "data: text")
              + secret("nested", CONFIG_JSON, "data:\n  .dockerconfigjson: [1]")
              + secret("b64", CONFIG_JSON, "data:\n  .dockerconfigjson: '!!!'")
              + secret("opaque", "Opaque", "stringData:\n  .dockerconfigjson: '{}'")
              + secret("tls", "kubernetes.io/tls", "stringData:\n  tls.crt: x")
              + secret("nokey", CONFIG_JSON, "stringData:\n  other: x")
              + secret("emptykey", CONFIG_JSON, "stringData:\n  .dockerconfigjson: ''")
              + config("json", "{\"auths\":")
              + config("trailing", "{} x")
              + config("auths", "{\"auths\":[]}")
              + config("user", "{\"auths\":{\"r.example.com\":{\"username\":1}}}")
              + config("auth", "{\"auths\":{\"r.example.com\":{\"auth\":\"!!!\"}}}")
              + config(
                  "colon", "{\"auths\":{\"r.example.com\":{\"auth\":\"" + base64("user") + "\"}}}")
              + config(
                  "url", "{\"auths\":{\"http://[::1\":{\"username\":\"u\",\"password\":\"p\"}}}")
              + config("token", "{\"auths\":{\"r.example.com\":{\"identitytoken\":\"t\"}}}")
              + config("none", "{\"auths\":{\"r.example.com\":{}}}")
              + config("nouser", "{\"auths\":{\"r.example.com\":{\"password\":\"p\"}}}")
              + config("nopassword", "{\"auths\":{\"r.example.com\":{\"username\":\"u\"}}}");
      return KubernetesSecrets.parse(yaml, "secrets.yaml");
    }

    private static List<String> problems() {
      return secrets().stream()
          .flatMap(secret -> secret.problems().stream())
          .map(CredentialProblem::message)
          .toList();
    }

    @Test
    void everyProblemOfASecretReadsAsChinese() {
      List<String> problems = problems();
      Set<String> reached = new TreeSet<>();
      for (String problem : problems) {
        String chinese = CHINESE.coreMessage(problem);

        assertThat(chinese).as(problem).isNotEqualTo(problem).matches("(?s).*\\p{IsHan}.*");
        // Opaque: the secret's type, a value kept as it is.
        assertThat(ChineseText.strayWords(chinese.replace("Opaque", ""))).as(chinese).isEmpty();
        assertThat(ENGLISH.coreMessage(problem)).isEqualTo(problem);
        String pointer = problem.substring(0, problem.indexOf(": "));
        assertThat(chinese).startsWith(pointer + "：");
        reached.add(
            CoreMessages.formOf(CoreMessages.PROBLEMS, problem.substring(pointer.length() + 2)));
      }
      assertThat(reached).containsExactlyInAnyOrderElementsOf(CoreMessages.PROBLEMS);
    }

    @Test
    void aBase64ProblemKeepsItsPointer() {
      assertThat(
              CHINESE.coreMessage(
                  "/data/.dockerconfigjson: not valid base64 (the API server rejects this"
                      + " manifest)"))
          .isEqualTo("/data/.dockerconfigjson：不是有效的 base64（API 服务器会拒绝这个清单）");
    }

    @Test
    void aJsonSyntaxErrorKeepsLineAndColumn() {
      assertThat(
              CHINESE.coreMessage(
                  "/stringData/.dockerconfigjson: invalid JSON at line 1, column 16: unexpected"
                      + " end of input; the kubelet fails every pull of a pod that lists this"
                      + " secret"))
          .isEqualTo(
              "/stringData/.dockerconfigjson：JSON 无效（第 1 行第 16 列）：输入意外结束；"
                  + "凡是列出这个密钥的 Pod，kubelet 的每次拉取都会失败");
    }
  }

  @Nested
  class NearMisses {
    private List<String> nearMisses(String key, String registry, String repository) {
      String json = "{\"auths\":{\"" + key + "\":{\"username\":\"u\",\"password\":\"p\"}}}";
      String yaml =
          "apiVersion: v1\nkind: Secret\nmetadata: {name: pull, namespace: shop}\n"
              + "type: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: '"
              + json
              + "'\n";
      return KubernetesCredentialResolver.of(KubernetesSecrets.parse(yaml, "s.yaml"))
          .lookup(registry, repository)
          .nearMisses();
    }

    private void assertChinese(List<String> misses, Consumer<String> more) {
      assertThat(misses).isNotEmpty();
      for (String miss : misses) {
        String chinese = CHINESE.coreMessage(miss);
        String line = CHINESE.evidence("near miss: " + miss);

        assertThat(chinese).as(miss).startsWith("密钥 shop/pull 中有 \"");
        assertThat(ChineseText.strayWords(chinese)).as(chinese).isEmpty();
        assertThat(line).isEqualTo("相近但不匹配：" + chinese);
        assertThat(ENGLISH.evidence("near miss: " + miss)).isEqualTo("near miss: " + miss);
        more.accept(chinese);
      }
    }

    @Test
    void aPortThatDiffersIsSaidInChinese() {
      assertChinese(
          nearMisses("r.example.com:5000", "r.example.com", "shop/web"),
          chinese -> assertThat(chinese).endsWith("端口不同，键是 5000，镜像没有端口"));
    }

    @Test
    void everyKindOfNearMissReadsAsChinese() {
      List<String> misses = new ArrayList<>();
      misses.addAll(nearMisses("R.example.com", "r.example.com", "shop/web"));
      misses.addAll(nearMisses("r.example.com", "r.example.com:5000", "shop/web"));
      misses.addAll(nearMisses("r.example.com/team", "r.example.com", "shop/web"));
      misses.addAll(nearMisses("*.example.com", "a.b.example.com", "shop/web"));
      misses.addAll(nearMisses("example.com", "r.example.com", "shop/web"));
      misses.addAll(nearMisses("a.r.example.com", "r.example.com", "shop/web"));
      misses.addAll(nearMisses("r.exampel.com", "r.example.com", "shop/web"));
      misses.addAll(nearMisses("registry-1.docker.io", "docker.io", "library/nginx"));
      misses.addAll(nearMisses("http://[::1", "r.example.com", "shop/web"));
      assertChinese(misses, chinese -> {});
      assertThat(misses).hasSizeGreaterThanOrEqualTo(9);
    }
  }
}
