package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Review item: a Chinese mirrors report printed core's English notes, refusals and skip reasons.
 * {@link Catalogue#sentence} words each form core writes in Chinese, keeping names, paths and
 * configuration values; English stays byte for byte what core wrote.
 */
class CatalogueSentenceTest {
  private final Catalogue chinese = Catalogue.forLocale(Catalogue.ZH_CN);
  private final Catalogue english = Catalogue.forLocale(Locale.ROOT);

  /** Each form as core writes it (RuntimeProfile, ContainerdHosts, ClientKeys, Transport). */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "registry-mirrors in /etc/docker/daemon.json apply to Docker Hub images only; quay.io is"
            + " not Docker Hub, so dockerd pulls from it directly",
        "mirror https://m.example.com/base/ has a path: dockerd sends /v2/ requests under /base/",
        "https://m.example.com has capabilities [pull]: containerd does not pull there",
        "https://m.example.com has capabilities [pull]: containerd does not resolve tags there",
        "https://m.example.com uses override_path: requests go to /api/v2",
        "https://m.example.com uses override_path: requests go to ",
        "https://m.example.com is offered client certificates [/certs.d/m/client.cert]",
        "https://m.example.com is sent the headers X-Token, X-Team (values not shown)",
        "no /etc/containerd/certs.d/r.example directory (nor _default): containerd uses its"
            + " built-in default for r.example",
        "/etc/containerd/certs.d/r.example has no hosts.toml: its *.crt files are CAs and its"
            + " *.cert/*.key pairs client certificates for the default host",
        "/etc/containerd/certs.d/r.example/hosts.toml has no [host.\"…\"] table: containerd 1.6"
            + " logs \"failed to decode hosts.toml\" and ignores the file; add an empty [host]"
            + " table or a [host.\"URL\"] entry",
        "/etc/containerd/certs.d/r.example/hosts.toml lists no hosts and no server: containerd"
            + " uses its default for r.example",
        "short name web is an alias for r.example/team/web (/etc/containers/registries.conf line"
            + " 3)",
        "short name web resolved through unqualified-search-registries (registries.conf line 1)"
            + " to r.example/web:latest; the other search registries are tried after it",
        "short name web resolved through unqualified-search-registries (registries.conf line 1)"
            + " to r.example/web:latest",
        "mirror m.example.com (registries.conf line 7) is skipped for digest references"
            + " (pull-from-mirror = \"tag-only\")",
        "mirror m.example.com (registries.conf line 7) is skipped for tag references"
            + " (mirror-by-digest-only = true)",
        "r.example/team/web:1 is rewritten to m.example.com/other/web:1 (registries.conf line 4)",
        "short name \"web\" did not resolve to an alias and no unqualified-search registries are"
            + " defined in /etc/containers/registries.conf",
        "short name \"web\" did not resolve to an alias and no unqualified-search registries are"
            + " defined",
        "short name \"web\" is ambiguous with short-name-mode = \"enforcing\": podman asks which of"
            + " docker.io, quay.io to use on a terminal and fails without one; use the full name",
        "registry r.example is blocked in registries.conf line 12 (blocked = true)",
        "caCertificate /c/ca.crt: cannot read: /c/ca.crt",
        "caCertificate /c/ca.crt: no PEM certificate found",
        "caCertificate /c/ca.crt: not a PEM certificate file: Could not parse certificate",
        "client certificate /c/client.cert: not a PEM certificate: Could not parse certificate",
        "client certificate /c/client.cert: no CERTIFICATE block found",
        "client key /c/client.key: ENCRYPTED PRIVATE KEY is not supported here; convert it with:"
            + " openssl pkcs8 -topk8 -nocrypt -in /c/client.key",
        "client key /c/client.key: EC PRIVATE KEY names no curve; write it with the curve, e.g.:"
            + " openssl ec -in /c/client.key -param_enc named_curve",
        "client key /c/client.key: EC PRIVATE KEY is not valid DER: truncated",
        "client key /c/client.key: not a valid private key: invalid key format",
        "client key /c/client.key: no PRIVATE KEY block found",
        "client certificate: keystore password was incorrect",
        "/c/client.cert: a CERTIFICATE block is not base64",
        "/c/client.cert: larger than 1 MiB, not a PEM file",
        "/c/client.cert: cannot read: /c/client.cert",
      })
  void everyFormCoreWritesReadsAsChinese(String sentence) {
    String worded = chinese.sentence(sentence);

    assertThat(worded).isNotEqualTo(sentence).matches("(?s).*\\p{IsHan}.*");
    assertThat(ChineseText.strayWords(worded)).as(worded).isEmpty();
    assertThat(english.sentence(sentence)).isSameAs(sentence);
  }

  @Test
  void keepsNamesPathsAndValuesAndWordsThePosition() {
    assertThat(
            chinese.sentence(
                "mirror m.example.com (registries.conf line 7) is skipped for tag references"
                    + " (mirror-by-digest-only = true)"))
        .isEqualTo(
            "镜像加速器 m.example.com（registries.conf 第 7 行）不用于按标签引用的镜像（mirror-by-digest-only = true）");
    assertThat(chinese.sentence("/c/client.cert: cannot read: /c/client.cert"))
        .isEqualTo("无法读取 /c/client.cert");
  }

  /**
   * Review item (zh-CN, session 12): each value was a greedy {@code (.+)}, so in {@code mirror
   * 127.0.0.1:7 (/tmp/x/我的 (conf)/registries.conf line 5)} the mirror ran to the path's own {@code
   * " ("} and the Chinese parenthesis replaced the path's. Names, references and hosts hold no
   * spaces and a position is one of the forms core writes, so the path stays whole.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          mirror 127.0.0.1:7 (/tmp/x/我的 (conf)/registries.conf line 5) is skipped for tag \
          references (mirror-by-digest-only = true) | 镜像加速器 127.0.0.1:7（/tmp/x/我的 (conf)/\
          registries.conf 第 5 行）不用于按标签引用的镜像（mirror-by-digest-only = true）
          short name web is an alias for r.example/team/web (/tmp/x/我的 (conf)/registries.conf \
          line 3) | 短名称 "web" 是 r.example/team/web 的别名（/tmp/x/我的 (conf)/registries.conf 第 3 行）
          short name web resolved through unqualified-search-registries (/tmp/x/a (b)/registries.\
          conf line 1) to r.example/web:latest | 短名称 "web" 通过 unqualified-search-registries（/tmp/\
          x/a (b)/registries.conf 第 1 行）解析为 r.example/web:latest
          short name web resolved through unqualified-search-registries (/tmp/x/v1 (old)/registries.\
          conf) to r.example/web:latest | 短名称 "web" 通过 unqualified-search-registries（/tmp/x/v1 \
          (old)/registries.conf）解析为 r.example/web:latest
          r.example/team/web:1 is rewritten to m.example.com/web:1 (/tmp/x/我的 (conf)/registries.\
          conf line 4) | r.example/team/web:1 被改写为 m.example.com/web:1（/tmp/x/我的 (conf)/\
          registries.conf 第 4 行）
          registry r.example is blocked in /tmp/x/a (blocked = true)/registries.conf line 12 \
          (blocked = true) | 镜像仓库 r.example 被屏蔽（/tmp/x/a (blocked = true)/registries.conf \
          第 12 行："blocked = true"）
          """)
  void aPathWithParenthesesStaysWhole(String sentence, String chineseSentence) {
    assertThat(chinese.sentence(sentence)).isEqualTo(chineseSentence);
    assertThat(english.sentence(sentence)).isSameAs(sentence);
  }

  @Test
  void aSentenceInNoKnownFormStaysAsItIs() {
    String unknown = "something core will say one day";

    assertThat(chinese.sentence(unknown)).isEqualTo(unknown);
    assertThat(chinese.sentenceLeavesOut(unknown)).isFalse();
  }

  @Test
  void leavingOutAnEnglishMessageIsReported() {
    assertThat(chinese.sentenceLeavesOut("client key /c/k.pem: not a valid private key: bad"))
        .isTrue();
    // the file is both the subject and the JDK's message: nothing is left out
    assertThat(chinese.sentenceLeavesOut("/c/client.cert: cannot read: /c/client.cert")).isFalse();
    assertThat(english.sentenceLeavesOut("client key /c/k.pem: not a valid private key: bad"))
        .isFalse();
  }
}
