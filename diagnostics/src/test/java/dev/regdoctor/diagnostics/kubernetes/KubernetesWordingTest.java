package dev.regdoctor.diagnostics.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.internal.Catalogue;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KubernetesWordingTest {
  private final KubernetesWording english =
      new KubernetesWording(Catalogue.forLocale(Locale.ENGLISH));
  private final KubernetesWording chinese =
      new KubernetesWording(Catalogue.forLocale(Locale.SIMPLIFIED_CHINESE));

  @Test
  void blankValuesAreFilledInAsTheyAreAndMissingOnesAsQuestionMarks() {
    assertThat(
            english.say("k8sSecretType", "secret", "secret shop/x", "source", "a.yaml", "type", ""))
        .isEqualTo("secret shop/x (a.yaml) has type ");
    assertThat(english.say("k8sSecretType", "secret", "secret shop/x", "type", null))
        .isEqualTo("secret shop/x (?) has type ?");
  }

  @Test
  void secretsAndSourcesReadInTheReportsLanguage() {
    assertThat(english.credentialSource("secret shop/regcred")).isEqualTo("secret shop/regcred");
    assertThat(chinese.credentialSource("secret shop/regcred")).isEqualTo("密钥 shop/regcred");
    assertThat(chinese.credentialSource("config.json auths")).isEqualTo("config.json auths");
    assertThat(english.source("all.yaml (document 4)")).isEqualTo("all.yaml (document 4)");
    assertThat(chinese.source("all.yaml (document 4)")).isEqualTo("all.yaml 第 4 个文档");
    assertThat(chinese.source("pod.yaml")).isEqualTo("pod.yaml");
  }

  @Test
  void chineseSetsNoSpaceBetweenChineseValueAndChineseText() {
    String account = chinese.say("k8sNotAmongTheInputs", "account", "服务账号 shop/a");
    assertThat(chinese.say("k8sListsNoPullSecrets", "listedBy", account))
        .isEqualTo("服务账号 shop/a（不在输入中）没有列出任何 imagePullSecrets");
    assertThat(chinese.say("k8sListsNoPullSecrets", "listedBy", "Pod shop/p"))
        .isEqualTo("Pod shop/p 没有列出任何 imagePullSecrets");
  }

  @Test
  void everyKubernetesSentenceHasTheSamePlaceholdersInBothLanguages() throws IOException {
    Map<String, String> en = bundle("remediation.properties");
    Map<String, String> zh = bundle("remediation_zh_CN.properties");

    assertThat(zh.keySet()).isEqualTo(en.keySet());
    en.forEach(
        (key, value) ->
            assertThat(placeholders(zh.get(key))).as(key).isEqualTo(placeholders(value)));
  }

  private static Set<String> placeholders(String template) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = Pattern.compile("\\{([A-Za-z]+)\\}").matcher(template);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private static Map<String, String> bundle(String name) throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        Catalogue.class.getResourceAsStream("/dev/regdoctor/diagnostics/internal/" + name)) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    Map<String, String> values = new TreeMap<>();
    properties.forEach(
        (key, value) -> {
          if (((String) key).startsWith("label.k8s")) {
            values.put((String) key, (String) value);
          }
        });
    return values;
  }
}
