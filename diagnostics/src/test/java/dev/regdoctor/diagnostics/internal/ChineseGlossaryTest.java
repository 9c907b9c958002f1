package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 17: the Chinese catalogue uses one word per concept (registry 镜像仓库, repository 镜像库, never a
 * bare 仓库 for either) and leaves no English words inside Chinese sentences except commands, names,
 * codes and protocol terms.
 */
class ChineseGlossaryTest {

  @Test
  void registryAndRepositoryAreDifferentWords() throws IOException {
    Map<String, String> bare = new TreeMap<>();
    bundle("remediation_zh_CN.properties")
        .forEach(
            (key, value) -> {
              if (Pattern.compile("(?<!镜像)仓库").matcher(value).find()) {
                bare.put(key, value);
              }
            });
    assertThat(bare).as("values using a bare 仓库 (write 镜像仓库 or 镜像库)").isEmpty();
  }

  @Test
  void chineseSentencesHaveNoStrayEnglish() throws IOException {
    Map<String, List<String>> stray = new TreeMap<>();
    bundle("remediation_zh_CN.properties")
        .forEach(
            (key, value) -> {
              if (key.endsWith(".command") || key.endsWith("Command")) {
                return; // commands are pasted as they are
              }
              List<String> words = ChineseText.strayWords(value);
              if (!words.isEmpty()) {
                stray.put(key, words);
              }
            });
    assertThat(stray).as("English words inside Chinese text").isEmpty();
  }

  /**
   * Review defect 15: a Chinese finding summary or step does not paste the probe's English prose
   * ({@code {detail}}, {@code {reason}}, {@code {authDetail}}); that stays in the evidence. The
   * explainer's own keys quote the input and are checked by ChineseOutputTest.
   */
  @Test
  void findingTextLeavesEnglishDetailToEvidence() throws IOException {
    Map<String, String> quoting = new TreeMap<>();
    bundle("remediation_zh_CN.properties")
        .forEach(
            (key, value) -> {
              if (key.startsWith("explain.") || key.endsWith(".command")) {
                return;
              }
              for (String name : Catalogue.ENGLISH_DETAILS) {
                if (value.contains("{" + name + "}") && !LOCALIZED_DETAIL.contains(key)) {
                  quoting.put(key, value);
                }
              }
            });
    assertThat(quoting).as("Chinese text quoting English probe prose").isEmpty();
  }

  /** Summaries whose {@code {detail}} the diagnoser fills from this catalogue's own labels. */
  private static final Set<String> LOCALIZED_DETAIL = Set.of("INSECURE_REGISTRY.summary");

  /**
   * Review defect 15: every finding code, in every summary variant, reads as Chinese when its
   * placeholders hold what the probe gives (names, and English prose for the details and the
   * credential source); the English detail the summary leaves out leads the evidence.
   */
  @Test
  void everyFindingCodeReadsAsChinese() throws IOException {
    Catalogue chinese = Catalogue.forLocale(Catalogue.ZH_CN);
    Map<String, String> zh = bundle("remediation_zh_CN.properties");
    Map<String, String> values = new HashMap<>();
    Matcher placeholder =
        Pattern.compile("\\{([A-Za-z]+)\\}").matcher(String.join("\n", zh.values()));
    while (placeholder.find()) {
      values.put(placeholder.group(1), "name-" + placeholder.group(1)); // a name: kept as it is
    }
    String detail = "registry.example.com answered 503 to /v2/: the registry is failing";
    values.put("detail", detail);
    values.put("reason", "not valid base64 (illegal character)");
    values.put("authDetail", "Basic realm only, no token service");
    values.put("source", "explicit credentials (user ci-bot); 1 problem(s)");
    Pattern summaryKey = Pattern.compile("([A-Z0-9_]+)(?:\\.([A-Za-z]+))?\\.summary");
    Map<String, List<String>> stray = new TreeMap<>();
    for (String key : zh.keySet()) {
      Matcher matcher = summaryKey.matcher(key);
      if (!matcher.matches() || !isCode(matcher.group(1))) {
        continue;
      }
      DiagnosisCode code = DiagnosisCode.valueOf(matcher.group(1));
      Map<String, String> filled = new HashMap<>(values);
      if (LOCALIZED_DETAIL.contains(key)) {
        filled.put("detail", chinese.label("plainHttp"));
      }
      Finding finding =
          chinese.finding(
              code, code.severity(), matcher.group(2), filled, List.of("GET /v2/ -> 503"));
      List<String> words = new ArrayList<>(ChineseText.strayWords(finding.summary()));
      finding.remediation().forEach(remedy -> words.addAll(ChineseText.strayWords(remedy.text())));
      if (!words.isEmpty()) {
        stray.put(key, words);
      }
      if (chinese.leavesDetailToEvidence(code, matcher.group(2))) {
        assertThat(finding.evidence()).as(key).startsWith(detail);
      }
    }
    assertThat(stray).as("English words in Chinese findings").isEmpty();
  }

  private static boolean isCode(String name) {
    return Arrays.stream(DiagnosisCode.values()).anyMatch(code -> code.name().equals(name));
  }

  /**
   * Review defect 15 (glossary drift): a pull secret is 拉取密钥 everywhere, never 拉取 Secret or a bare
   * Secret, and the placeholders a reader replaces in a command are Chinese ({@code <用户名>}, {@code
   * <密码>}) in matching angle brackets.
   */
  @Test
  void pullSecretsAndCommandPlaceholdersHaveOneChineseName() throws IOException {
    Pattern bareSecret = Pattern.compile("(?<![A-Za-z])Secret(?![A-Za-z])");
    Pattern placeholder = Pattern.compile("<([^<>{}]*)>");
    Map<String, String> drift = new TreeMap<>();
    bundle("remediation_zh_CN.properties")
        .forEach(
            (key, value) -> {
              if (value.contains("‹") || value.contains("›")) {
                drift.put(key, value);
              }
              if (!key.endsWith(".command") && bareSecret.matcher(value).find()) {
                drift.put(key, value);
              }
              if (key.endsWith(".command")) {
                Matcher matcher = placeholder.matcher(value);
                while (matcher.find()) {
                  if (matcher.group(1).codePoints().noneMatch(ChineseGlossaryTest::isHan)
                      && !ChineseText.strayWords(matcher.group(1)).isEmpty()) {
                    drift.put(key, value);
                  }
                }
              }
            });
    assertThat(drift).as("Secret for 密钥, or English placeholders in commands").isEmpty();
  }

  private static boolean isHan(int c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
  }

  @Test
  void credentialSourcesReadAsChinese() {
    assertThat(CredentialWording.chinese("explicit credentials (user alice)"))
        .isEqualTo("显式提供的凭据（用户 alice）");
    assertThat(CredentialWording.chinese("none (anonymous); 2 problem(s)"))
        .isEqualTo("无（匿名）；2 个问题");
    assertThat(CredentialWording.chinese("secret shop/pull (user bot)"))
        .isEqualTo("密钥 shop/pull（用户 bot）");
    assertThat(CredentialWording.chinese("config.json auths \"registry.example.com\""))
        .isEqualTo("config.json auths \"registry.example.com\"");
  }

  @Test
  void configurationPositionsReadAsChinese() {
    Catalogue chinese = Catalogue.forLocale(Locale.SIMPLIFIED_CHINESE);
    Finding finding =
        chinese.finding(
            DiagnosisCode.MIRROR_FAILURE,
            DiagnosisCode.MIRROR_FAILURE.severity(),
            "immediate",
            Map.of(
                "mirror", "http://127.0.0.1:5999",
                "runtime", "containerd",
                "at", "/etc/containerd/certs.d/127.0.0.1:5000/hosts.toml line 3",
                "detail", "CONNECTION_REFUSED: connection to 127.0.0.1:5999 refused"),
            List.of("configured at /etc/containerd/certs.d/127.0.0.1:5000/hosts.toml line 3"));

    assertThat(finding.remediation().get(0).text())
        .endsWith("/etc/containerd/certs.d/127.0.0.1:5000/hosts.toml 第 3 行");
    assertThat(finding.remediation())
        .allSatisfy(remedy -> assertThat(ChineseText.strayWords(remedy.text())).isEmpty());
    assertThat(finding.evidence())
        .contains("configured at /etc/containerd/certs.d/127.0.0.1:5000/hosts.toml line 3");
  }

  /**
   * The mirrors report's "configured at" column: every form in which core says where an endpoint
   * was configured reads as Chinese, paths and files as they are; English stays core's words.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/etc/containerd/certs.d/docker.io/hosts.toml line 4 | /etc/containerd/certs.d/docker.io/hosts.toml 第 4 行",
        "the image reference | 镜像引用",
        "built-in default | 内置默认值",
        "built-in default (loopback: plain HTTP) | 内置默认值（环回地址：明文 HTTP）",
        "the image reference (insecure: dockerd always treats 127.0.0.0/8 and ::1 as insecure)"
            + " | 镜像引用（不安全：dockerd 总是把 127.0.0.0/8 和 ::1 视为不安全）",
        "the image reference (insecure: insecure-registries range in /etc/docker/daemon.json)"
            + " | 镜像引用（不安全：/etc/docker/daemon.json 中的 insecure-registries 网段）",
        "/etc/containers/registries.conf line 7; certificates from /etc/containers/certs.d/q.io"
            + " | /etc/containers/registries.conf 第 7 行；证书来自 /etc/containers/certs.d/q.io",
        "the image reference; certificates from /etc/docker/certs.d/q.io"
            + " | 镜像引用；证书来自 /etc/docker/certs.d/q.io",
        "/etc/docker/daemon.json /registry-mirrors/0 | /etc/docker/daemon.json /registry-mirrors/0",
        "/etc/docker/daemon.json /insecure-registries | /etc/docker/daemon.json /insecure-registries"
      })
  void configuredAtReadsAsChineseAndStaysCoresWordsInEnglish(String at, String chinese) {
    assertThat(Catalogue.forLocale(Locale.SIMPLIFIED_CHINESE).position(at)).isEqualTo(chinese);
    assertThat(ChineseText.strayWords(chinese)).isEmpty();
    assertThat(Catalogue.forLocale(Locale.ENGLISH).position(at)).isEqualTo(at);
  }

  @Test
  void strayEnglishIsDetected() {
    assertThat(ChineseText.strayWords("检查 the registry 地址")).containsExactly("the", "registry");
    assertThat(ChineseText.strayWords("运行 docker login {registry} 并检查 /etc/docker/daemon.json"))
        .isEmpty();
    assertThat(ChineseText.strayWords("设置 \"insecure-registries\": [\"{dockerHost}\"] 后重启 Docker"))
        .isEmpty();
  }

  static Map<String, String> bundle(String name) throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        Catalogue.class.getResourceAsStream("/dev/regdoctor/diagnostics/internal/" + name)) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    Map<String, String> values = new TreeMap<>();
    properties.forEach((key, value) -> values.put((String) key, (String) value));
    return values;
  }
}
