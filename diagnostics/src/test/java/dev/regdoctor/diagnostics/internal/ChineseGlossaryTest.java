package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
