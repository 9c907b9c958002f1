package dev.regdoctor.diagnostics.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.credentials.KubernetesSecrets;
import dev.regdoctor.internal.json.YamlInput;
import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile manifests are refused before their cost grows (issue 12): alias bombs, huge scalars and
 * long lines fail with a {@link ConfigException} that names the limit hit.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ManifestLimitsTest {

  private static KubernetesObjects read(String text) {
    return KubernetesManifestReader.read(
        List.of(KubernetesManifest.of("hostile.yaml", text)), "default");
  }

  /** The classic 1 KB "billion laughs": each level holds nine aliases of the one before. */
  static String billionLaughs(int levels) {
    StringBuilder yaml =
        new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    yaml.append(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i <= levels; i++) {
      String previous = "*a" + (i - 1);
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ",").append(previous);
      }
      yaml.append("]\n");
    }
    return yaml.toString();
  }

  @Test
  void billionLaughsHitsTheAliasExpansionLimit() {
    String bomb = billionLaughs(9);
    assertThat(bomb.length()).isLessThan(1024);

    assertThatThrownBy(() -> read(bomb))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.source()).isEqualTo("hostile.yaml");
              assertThat(e.getMessage())
                  .contains("alias expansion limit")
                  .contains("1000000 nodes");
            });
  }

  @Test
  void sixLevelBombIsRefusedToo() {
    assertThatThrownBy(() -> read(billionLaughs(6)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alias expansion limit");
  }

  @Test
  void fewAliasesStillResolve() {
    String yaml =
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n"
            + "  imagePullSecrets: &secrets\n    - name: regcred\n"
            + "  containers:\n    - name: a\n      image: r.test/a:1\n"
            + "x: *secrets\n";

    assertThat(read(yaml).workloads()).hasSize(1);
  }

  @Test
  void manyAliasesHitTheAliasCountLimit() {
    StringBuilder yaml = new StringBuilder("a: &a x\nb: [");
    for (int i = 0; i <= YamlInput.MAX_ALIASES; i++) {
      yaml.append(i == 0 ? "" : ",").append("*a");
    }
    yaml.append("]\n");

    assertThatThrownBy(() -> read(yaml.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alias");
  }

  @Test
  void tenMegabyteScalarOnOneLineHitsTheLineLimitBeforeParsing() {
    String yaml = "apiVersion: v1\nkind: Secret\ndata:\n  x: " + "a".repeat(10 << 20) + "\n";

    assertThatThrownBy(() -> read(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 4 is longer than 262144 characters (YAML line limit)");
    assertThatThrownBy(() -> KubernetesSecrets.parse(yaml, "secret.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("YAML line limit");
  }

  @Test
  void tenMegabyteBlockScalarHitsTheDocumentLimit() {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Secret\ndata:\n  x: |\n");
    String line = "    " + "a".repeat(1020) + "\n";
    while (yaml.length() < 10 << 20) {
      yaml.append(line);
    }

    assertThatThrownBy(() -> read(yaml.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("YAML document limit");
    assertThatThrownBy(() -> KubernetesSecrets.parse(yaml.toString(), "secret.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("YAML document limit");
  }

  @Test
  void longLinesAreFineInJson() {
    String json =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":{\"x\":\""
            + "a".repeat(YamlInput.MAX_LINE_CHARS * 2)
            + "\"}}";

    assertThat(read(json).workloads()).isEmpty();
  }

  /**
   * Generated YAML, with anchors, aliases, merge keys and nesting, is either read or refused with a
   * {@link ConfigException}; never another exception, never unbounded.
   */
  @SeededProperty(cases = 300)
  void generatedYamlIsReadOrRefusedWithAConfigException(long seed) {
    Gen gen = new Gen(seed);
    String yaml = yaml(gen);

    try {
      read(yaml);
    } catch (ConfigException e) {
      assertThat(e.source()).startsWith("hostile.yaml");
      assertThat(e.getMessage()).doesNotContain("Zq-canary");
    }
    try {
      KubernetesSecrets.parse(yaml, "hostile.yaml");
    } catch (ConfigException e) {
      assertThat(e.getMessage()).doesNotContain("Zq-canary");
    }
  }

  private static String yaml(Gen gen) {
    List<String> anchors = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    out.append(gen.pick("apiVersion: v1\n", "", "---\n"));
    out.append("kind: ")
        .append(gen.pick("Secret", "Pod", "List", "ServiceAccount", "x"))
        .append('\n');
    int entries = gen.between(0, 12);
    for (int i = 0; i < entries; i++) {
      out.append(gen.pick("", "  ", "    ")).append(gen.string(Gen.LOWER, 1, 6)).append(": ");
      switch (gen.between(0, 6)) {
        case 0 -> {
          String anchor = "a" + anchors.size();
          anchors.add(anchor);
          out.append('&').append(anchor).append(" [");
          int items = gen.between(0, 9);
          for (int j = 0; j < items; j++) {
            out.append(j == 0 ? "" : ",");
            out.append(anchors.size() > 1 && gen.bool() ? "*" + gen.pick(anchors) : "Zq-canary");
          }
          out.append(']');
        }
        case 1 -> out.append(anchors.isEmpty() ? "x" : "*" + gen.pick(anchors));
        case 2 ->
            out.append("{<<: ")
                .append(anchors.isEmpty() ? "{}" : "*" + gen.pick(anchors))
                .append('}');
        case 3 -> out.append(gen.string("{}[]:,\"'&*!|>-#% ab\t", 0, 30));
        case 4 -> out.append("|\n    ").append(gen.anyString(40).replace("\n", "\n    "));
        default -> out.append('"').append(gen.string(Gen.LOWER + "\\\" ", 0, 20)).append('"');
      }
      out.append('\n');
    }
    return out.toString();
  }
}
