package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the Chinese catalogue uses one word per concept (registry 镜像仓库, repository 镜像库, never a
 * bare 仓库 for either) and leaves no English words inside Chinese sentences except commands, names,
 * codes and protocol terms.
 */
class ChineseGlossaryTest {

  /** Names, protocols, configuration keys and Kubernetes kinds that stay as they are. */
  static final Set<String> ALLOWED =
      Set.of(
          "Docker",
          "Hub",
          "HTTP",
          "HTTPS",
          "TLS",
          "CA",
          "DNS",
          "VPN",
          "containerd",
          "Podman",
          "kubelet",
          "kubectl",
          "JSON",
          "CDN",
          "IAM",
          "ECR",
          "GHCR",
          "Quay",
          "Jib",
          "Java",
          "NAT",
          "CI",
          "MTU",
          "Pod",
          "Desktop",
          "Deployment",
          "StatefulSet",
          "DaemonSet",
          "ReplicaSet",
          "Job",
          "CronJob",
          "Storage",
          "Driver",
          "Data",
          "Space",
          "Kubernetes",
          "thin",
          "pool",
          "overlay",
          "realm",
          "auths",
          "auth",
          "base64",
          "credsStore",
          "credHelpers",
          "imagePullSecrets",
          "imagePullPolicy",
          "IfNotPresent",
          "Always",
          "Never",
          "insecure",
          "override_path",
          "identitytoken",
          "WWW",
          "Authenticate",
          "HTML",
          "URI",
          "ca",
          "crt",
          "Registry",
          "Doctor",
          "regdoctor",
          "explain",
          "probe",
          "skopeo",
          "Failed",
          "to",
          "pull",
          "image",
          "GET",
          "PKIX",
          "ANSI",
          "IDS",
          "SAN",
          "hosts",
          "toml",
          "Helm",
          "unauthorized",
          "not",
          "authorized",
          "manifest",
          "unknown",
          "peer",
          "authenticated",
          "back",
          "off",
          "server",
          "Web");

  private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

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
              List<String> words = strayWords(value);
              if (!words.isEmpty()) {
                stray.put(key, words);
              }
            });
    assertThat(stray).as("English words inside Chinese text").isEmpty();
  }

  @Test
  void strayEnglishIsDetected() {
    assertThat(strayWords("检查 the registry 地址")).containsExactly("the", "registry");
    assertThat(strayWords("运行 docker login {registry} 并检查 /etc/docker/daemon.json")).isEmpty();
    assertThat(strayWords("设置 \"insecure-registries\": [\"{dockerHost}\"] 后重启 Docker")).isEmpty();
  }

  /**
   * Returns the English words of {@code text} that are not commands, names or codes: placeholders,
   * quoted strings, paths, flags, {@code <placeholders>}, code-like tokens (dots, colons, slashes,
   * digits, upper-case codes) and the allowed names are skipped.
   */
  static List<String> strayWords(String text) {
    String cleaned =
        text.replaceAll("\\{[A-Za-z]+\\}", " ")
            .replaceAll("\"[^\"]*\"", " ")
            .replaceAll("'[^']*'", " ")
            .replaceAll("<[^>]*>", " ")
            .replaceAll("(?<![\\p{IsHan}])(?:[\\w.-]*[/:.=@][\\w./:=@*\\[\\]-]*)", " ")
            .replaceAll("--?[A-Za-z][\\w-]*", " ")
            .replaceAll("\\w+(?:-\\w+)+", " ");
    List<String> words = new ArrayList<>();
    Matcher matcher = WORD.matcher(cleaned);
    while (matcher.find()) {
      String word = matcher.group();
      boolean code =
          (word.equals(word.toUpperCase(java.util.Locale.ROOT)) && word.length() > 1)
              || word.matches(".*\\d.*")
              || word.matches("[a-z]+[A-Z]\\w*");
      boolean command = COMMANDS.contains(word);
      if (!code && !command && !ALLOWED.contains(word) && word.length() > 1) {
        words.add(word);
      }
    }
    return words;
  }

  private static final Set<String> COMMANDS =
      Set.of(
          "docker",
          "login",
          "logout",
          "podman",
          "images",
          "info",
          "curl",
          "openssl",
          "nslookup",
          "date",
          "systemctl",
          "grep",
          "python3",
          "command",
          "buildx",
          "build",
          "create",
          "secret",
          "get",
          "pod",
          "yaml",
          "apply",
          "patch",
          "serviceaccount",
          "describe",
          "events",
          "list",
          "tags");

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
