package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The text of {@code regdoctor mirrors} for configurations that give notes, skipped endpoints and
 * refusals. Every endpoint is a closed loopback port, so the output holds no timings and is the
 * same on every run. English is compared byte for byte with the files under {@code mirrors/} (ports
 * and the temporary directory replaced by {@code {P1}}… and {@code {DIR}}); Chinese must line up in
 * terminal columns and hold no English sentence.
 */
@Timeout(120)
class MirrorsTextTest {
  @TempDir Path dir;
  private final List<Integer> ports = new ArrayList<>();

  @BeforeEach
  void closedPorts() throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        sockets.add(socket);
        ports.add(socket.getLocalPort());
      }
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  private String host(int index) {
    return "127.0.0.1:" + ports.get(index - 1);
  }

  /** The scenarios by name: {@code mirrors} arguments (without {@code --lang}). */
  private Map<String, List<String>> scenarios() throws IOException {
    Map<String, List<String>> scenarios = new LinkedHashMap<>();
    String image = host(1) + "/team/app:1";

    Path hosts = Files.createDirectories(dir.resolve("certs.d").resolve(host(1)));
    Files.writeString(
        hosts.resolve("hosts.toml"),
        "server = \"http://"
            + host(1)
            + "\"\n"
            + "[host.\"http://"
            + host(2)
            + "\"]\n"
            + "  client = [\""
            + dir.resolve("missing.cert")
            + "\", \""
            + dir.resolve("missing.key")
            + "\"]\n"
            + "[host.\"http://"
            + host(3)
            + "\"]\n"
            + "  capabilities = [\"pull\"]\n"
            + "[host.\"http://"
            + host(4)
            + "/base\"]\n"
            + "  override_path = true\n"
            + "  [host.\"http://"
            + host(4)
            + "/base\".header]\n"
            + "    X-Token = \"not-shown\"\n");
    scenarios.put(
        "containerd-hosts",
        List.of(image, "--runtime", "containerd", "--hosts-dir", dir.resolve("certs.d") + ""));

    Path empty = Files.createDirectories(dir.resolve("empty"));
    scenarios.put(
        "containerd-default", List.of(image, "--runtime", "containerd", "--hosts-dir", empty + ""));

    Path daemon =
        Files.writeString(
            dir.resolve("daemon.json"),
            "{\"registry-mirrors\": [\"https://mirror.example.com/base\"]}");
    scenarios.put(
        "docker-hub-mirrors", List.of(image, "--runtime", "docker", "--daemon-json", daemon + ""));

    Path conf =
        Files.writeString(
            dir.resolve("registries.conf"),
            "unqualified-search-registries = [\""
                + host(1)
                + "\", \""
                + host(5)
                + "\"]\n"
                + "[aliases]\n"
                + "\"myapp\" = \""
                + host(1)
                + "/team/myapp\"\n"
                + "[[registry]]\n"
                + "prefix = \""
                + host(1)
                + "/team\"\n"
                + "location = \""
                + host(1)
                + "/other\"\n"
                + "[[registry.mirror]]\n"
                + "location = \""
                + host(2)
                + "\"\n"
                + "pull-from-mirror = \"digest-only\"\n"
                + "[[registry.mirror]]\n"
                + "location = \""
                + host(3)
                + "\"\n"
                + "[[registry]]\n"
                + "location = \""
                + host(4)
                + "\"\n"
                + "blocked = true\n");
    List<String> podman = List.of("--runtime", "podman", "--registries-conf", conf + "");
    scenarios.put("podman-alias", with("myapp", podman));
    scenarios.put("podman-search", with("app", podman));
    scenarios.put("podman-blocked", with(host(4) + "/x:1", podman));
    return scenarios;
  }

  private static List<String> with(String image, List<String> options) {
    List<String> args = new ArrayList<>(List.of(image));
    args.addAll(options);
    return args;
  }

  private String mirrors(List<String> args, String lang) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("mirrors"));
    all.addAll(args);
    all.addAll(List.of("--lang", lang, "--timeout", "5s"));
    int exit = line.execute(all.toArray(String[]::new));
    assertThat(exit).as(err.toString()).isEqualTo(1);
    return out.toString();
  }

  /** Returns {@code text} with the ports and the temporary directory as placeholders. */
  private String placeheld(String text) {
    String result = text.replace(dir.toString(), "{DIR}");
    for (int i = ports.size(); i >= 1; i--) {
      result = result.replace(host(i), "127.0.0.1:{P" + i + "}");
    }
    return result;
  }

  private static String golden(String name) throws IOException {
    try (InputStream in =
        MirrorsTextTest.class.getResourceAsStream("mirrors/" + name + ".en.txt")) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void englishTextIsUnchanged() throws IOException {
    for (Map.Entry<String, List<String>> scenario : scenarios().entrySet()) {
      String text = placeheld(mirrors(scenario.getValue(), "en"));

      assertThat(text).as(scenario.getKey()).isEqualTo(golden(scenario.getKey()));
    }
  }

  /**
   * Review item: a Chinese role label takes two terminal columns per character, so padding it by
   * characters put each row's endpoint and state at a different column.
   */
  @Test
  void chineseRowsLineUpInTerminalColumns() throws IOException {
    for (Map.Entry<String, List<String>> scenario : scenarios().entrySet()) {
      String text = mirrors(scenario.getValue(), "zh-CN");
      List<List<Integer>> starts = new ArrayList<>();
      for (String row : text.lines().filter(l -> l.matches("  \\d\\. .*")).toList()) {
        starts.add(tokenColumns(row).subList(0, 4));
      }

      assertThat(starts).as(scenario.getKey() + "\n" + text).allMatch(s -> s.equals(starts.get(0)));
    }
    // rows of both roles, so the widths of both labels are compared
    String text = mirrors(scenarios().get("containerd-hosts"), "zh-CN");
    assertThat(text).contains("1. 镜像加速器 ").contains("3. 上游 ");
  }

  @Test
  void englishRowsLineUpInTerminalColumns() throws IOException {
    String text = mirrors(scenarios().get("containerd-hosts"), "en");
    List<List<Integer>> starts = new ArrayList<>();
    for (String row : text.lines().filter(l -> l.matches("  \\d\\. .*")).toList()) {
      starts.add(tokenColumns(row).subList(0, 4));
    }

    assertThat(starts).hasSize(3).allMatch(s -> s.equals(List.of(2, 5, 14, 49)));
  }

  /**
   * Review item: the notes, skipped endpoints and refusals of a Chinese report were core's English
   * sentences. Only names, hosts, paths, commands, configuration keys and codes stay as they are;
   * evidence lines ({@code 证据: …}) keep the raw English facts, as elsewhere.
   */
  @Test
  void chineseTextHasNoEnglishSentences() throws IOException {
    StringBuilder all = new StringBuilder();
    for (Map.Entry<String, List<String>> scenario : scenarios().entrySet()) {
      String text = mirrors(scenario.getValue(), "zh-CN");
      all.append(text);

      assertThat(DemoChineseTest.strayEnglish(text)).as(scenario.getKey() + "\n" + text).isEmpty();
    }
    assertThat(placeheld(all.toString()))
        .contains(
            "    - 没有 {DIR}/empty/127.0.0.1:{P1} 目录（也没有 \"_default\"）：containerd 对"
                + " 127.0.0.1:{P1} 使用内置默认值")
        .contains(
            "    - 短名称 \"myapp\" 是 127.0.0.1:{P1}/team/myapp 的别名（{DIR}/registries.conf 第 3 行）")
        .contains("    - 向 http://127.0.0.1:{P4} 发送请求头 X-Token（不显示其值）")
        .contains("拒绝了拉取: 镜像仓库 127.0.0.1:{P4} 被屏蔽（{DIR}/registries.conf 第 12 行：\"blocked = true\"）")
        .contains("       无法读取 {DIR}/missing.cert" + System.lineSeparator())
        .doesNotContain(" is ")
        .doesNotContain(" line ");
  }

  /**
   * A Chinese skip reason leaves out the JDK's English message; the English sentence follows as
   * evidence, so nothing core said is lost.
   */
  @Test
  void chineseSkipReasonKeepsTheEnglishMessageAsEvidence() throws IOException {
    Path cert =
        Files.writeString(
            dir.resolve("bad.cert"),
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    Path hosts = Files.createDirectories(dir.resolve("bad.d").resolve(host(1)));
    Files.writeString(
        hosts.resolve("hosts.toml"),
        "server = \"http://"
            + host(1)
            + "\"\n[host.\"http://"
            + host(2)
            + "\"]\n  client = [\""
            + cert
            + "\", \""
            + cert
            + "\"]\n");
    List<String> args =
        List.of(
            host(1) + "/team/app:1",
            "--runtime",
            "containerd",
            "--hosts-dir",
            dir.resolve("bad.d") + "");

    String text = placeheld(mirrors(args, "zh-CN"));

    assertThat(text)
        .contains(
            "       客户端证书 {DIR}/bad.cert 不是 PEM 证书"
                + System.lineSeparator()
                + "       证据: client certificate {DIR}/bad.cert: not a PEM certificate: ");
    assertThat(placeheld(mirrors(args, "en")))
        .contains("       client certificate {DIR}/bad.cert: not a PEM certificate: ")
        .doesNotContain("证据");
  }

  /** Returns the terminal column where each run of non-spaces in {@code row} starts. */
  static List<Integer> tokenColumns(String row) {
    List<Integer> columns = new ArrayList<>();
    Matcher token = Pattern.compile("\\S+").matcher(row);
    while (token.find()) {
      columns.add(columns(row.substring(0, token.start())));
    }
    return columns;
  }

  /** Terminal columns of {@code text}: two for Chinese characters and full-width forms. */
  private static int columns(String text) {
    return text.codePoints()
        .map(
            c ->
                Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
                        || (c >= 0x3000 && c <= 0x303f)
                        || (c >= 0xff01 && c <= 0xff60)
                    ? 2
                    : 1)
        .sum();
  }
}
