package dev.regdoctor.diagnostics.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.internal.ChineseText;
import dev.regdoctor.testkit.EmbeddedRegistry;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Kubernetes analysis writes its own evidence (which list names a secret, why a severity was
 * lowered, what the kubelet does) in the report's language, and since session 15 also the messages
 * core's parsers write (a secret's problems, a near miss, an invalid reference); names, JSON
 * pointers, codes and the quoted input stay as they are. English stays word for word what it was.
 */
@Timeout(60)
class KubernetesEvidenceLanguageTest {
  private static final Pattern CHINESE_PUNCTUATION = Pattern.compile("[：；（），。]");

  private static String resource(String name) throws IOException {
    try (InputStream in =
        KubernetesEvidenceLanguageTest.class.getResourceAsStream("/kubernetes/evidence/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static KubernetesReport offline(Locale locale) throws IOException {
    KubernetesDoctor doctor = KubernetesDoctor.builder().offline(true).locale(locale).build();
    return doctor.analyze(List.of(KubernetesManifest.of("all.yaml", resource("all.yaml"))));
  }

  /** The report's findings as the golden file lists them: one line each, evidence indented. */
  private static List<String> evidenceLines(KubernetesReport report) {
    List<String> lines = new ArrayList<>();
    for (KubernetesReport.Workload workload : report.workloads()) {
      for (KubernetesReport.Container container : workload.containers()) {
        for (Finding finding : container.findings()) {
          lines.add(
              workload.name()
                  + "/"
                  + container.name()
                  + " "
                  + finding.code()
                  + " "
                  + finding.severity());
          finding.evidence().forEach(line -> lines.add("    " + line));
        }
      }
    }
    report.notes().forEach(note -> lines.add("note " + note));
    return lines;
  }

  @Test
  void englishEvidenceIsWordForWordWhatItWas() throws IOException {
    assertThat(evidenceLines(offline(Locale.ENGLISH)))
        .containsExactlyElementsOf(resource("all.en.txt").lines().toList());
  }

  @Test
  void chineseEvidenceHasNoEnglishProseBesideNamesAndCodes() throws IOException {
    KubernetesReport report = offline(Locale.SIMPLIFIED_CHINESE);

    Set<String> names = names(report);
    List<String> stray = new ArrayList<>();
    List<String> english = new ArrayList<>();
    for (KubernetesReport.Workload workload : report.workloads()) {
      for (KubernetesReport.Container container : workload.containers()) {
        for (Finding finding : container.findings()) {
          List<String> texts = new ArrayList<>(finding.evidence());
          texts.add(finding.summary());
          finding.remediation().stream().map(Remedy::text).forEach(texts::add);
          for (String text : texts) {
            if (text.codePoints().noneMatch(KubernetesEvidenceLanguageTest::isHan)) {
              english.add(text);
            }
            stray.addAll(strayWords(text, names));
          }
        }
      }
    }
    report.notes().forEach(note -> stray.addAll(strayWords(note, names)));

    assertThat(stray).as("English words in Chinese sentences").isEmpty();
    // Core's parsers' messages too (a secret's problems, each after a JSON pointer into the
    // Secret) are worded in Chinese (session 15).
    assertThat(english).isEmpty();
  }

  @Test
  void chineseEvidenceSaysWhatTheEnglishSays() throws IOException {
    KubernetesReport report = offline(Locale.SIMPLIFIED_CHINESE);

    assertThat(evidence(report, "missing", "web", DiagnosisCode.K8S_PULL_SECRET_MISSING))
        .containsExactly(
            "Deployment shop/missing 的 Pod 规格在 imagePullSecrets 中列出了 nosuch",
            "输入中没有命名空间 shop 的密钥 nosuch",
            "kubelet 会报告 FailedToRetrieveImagePullSecret，然后不带这个密钥拉取");
    assertThat(evidence(report, "wrongns", "web", DiagnosisCode.K8S_PULL_SECRET_WRONG_NAMESPACE))
        .contains(
            "命名空间 shop 中没有密钥 elsewhere；Pod 只能使用自己所在命名空间的密钥",
            "密钥 default/elsewhere 存在（all.yaml 第 2 个文档）");
    assertThat(evidence(report, "typed", "web", DiagnosisCode.K8S_PULL_SECRET_WRONG_TYPE))
        .contains("密钥 shop/badtype（all.yaml 第 3 个文档）的类型是 Opaque")
        .contains(
            "/type：类型是 Opaque，但 kubelet 只读取类型为 kubernetes.io/dockerconfigjson（键 .dockerconfigjson）"
                + "或 kubernetes.io/dockercfg（键 .dockercfg）的密钥；kubelet 会忽略它");
    assertThat(evidence(report, "json", "web", DiagnosisCode.K8S_PULL_SECRET_MALFORMED))
        .last()
        .isEqualTo("列出的密钥中有一个无法解码，kubelet 无法构建凭据密钥环：这个 Pod 的每次拉取都会失败");
    assertThat(evidence(report, "nomatch", "web", DiagnosisCode.K8S_PULL_SECRET_NO_MATCH))
        .contains(
            "密钥 shop/portcred 的 auths 键为 \"other.example.com:5000\"",
            "kubelet 拿这些键与 other.example.com/shop/web 匹配（主机、端口和路径）",
            "离线模式：未检查 other.example.com 是否允许匿名拉取 shop/web")
        .contains("相近但不匹配：密钥 shop/portcred 中有 \"other.example.com:5000\"：端口不同，键是 5000，镜像没有端口");
    assertThat(evidence(report, "skipped", "web", DiagnosisCode.K8S_PULL_SECRET_MISSING))
        .last()
        .isEqualTo("kubelet 会跳过它，改用与镜像匹配的密钥 shop/regcred 拉取：这次拉取不依赖它");
    assertThat(evidence(report, "lonely", "c", DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED))
        .containsExactly(
            "密钥 shop/regcred（all.yaml 第 1 个文档）中有 kubelet 拉取 registry.example.com/shop/web 时会使用的条目",
            "all.yaml 第 21 个文档中 /spec/containers/0/imagePullSecrets 处的 imagePullSecrets 列出了 regcred，"
                + "但 Kubernetes 只从 Pod 规格读取 imagePullSecrets，这里的列表会被忽略",
            "服务账号 shop/builder 只列出了 portcred",
            "kubectl patch 会整个替换服务账号 builder 的列表，Pod 自己的列表也会取代它：以下步骤重复列出 portcred 以保留它们",
            "Deployment shop/skipped 列出了 regcred",
            "Deployment shop/viasa 通过服务账号 puller 使用 regcred",
            "离线模式：未检查 registry.example.com 是否允许匿名拉取 shop/web",
            "严重级别降为 WARNING：离线模式下无法得知这次拉取是否需要凭据");
    assertThat(evidence(report, "official", "a", DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED))
        .contains("服务账号 shop/default（不在输入中）没有列出任何 imagePullSecrets")
        .last()
        .isEqualTo("严重级别降为 INFO：Docker Hub 官方镜像可以匿名拉取");
    assertThat(evidence(report, "official", "b", DiagnosisCode.MUTABLE_TAG))
        .containsExactly("镜像 registry.example.com/shop/web 没有写标签，即使用 latest");
    assertThat(evidence(report, "official", "c", DiagnosisCode.MUTABLE_TAG))
        .containsExactly("镜像 registry.example.com/shop/web:latest 使用标签 latest");
    assertThat(evidence(report, "official", "b", DiagnosisCode.PULL_POLICY))
        .containsExactly(
            "imagePullPolicy IfNotPresent 搭配标签 latest：每个节点保留自己最先拉取到的镜像，因此各 Pod 可能运行不同的镜像");
    assertThat(evidence(report, "official", "d", DiagnosisCode.PULL_POLICY))
        .containsExactly("imagePullPolicy Always 搭配摘要：摘要永远不会变，kubelet 却在每次启动容器时都要询问镜像仓库");
    assertThat(evidence(report, "broken", "tmpl", DiagnosisCode.INVALID_REFERENCE))
        .containsExactly(
            "镜像是未渲染的 Helm/Go 模板（{{ .Values.image }}）：请先用 helm 渲染 Chart，再检查输出",
            "镜像引用 \"{{ .Values.image }}\" 无效：镜像库名中不允许有字符 '{'（位于索引 0）；kubelet 会报告 InvalidImageName");
    assertThat(evidence(report, "broken", "none", DiagnosisCode.INVALID_REFERENCE))
        .containsExactly(
            "容器没有指定镜像", "/spec/template/spec/containers/2/image 缺失；kubelet 会报告 InvalidImageName");
  }

  @Test
  void theLanguageChangesNeitherVerdictsNorJsonFields() throws IOException {
    KubernetesReport english = offline(Locale.ENGLISH);
    KubernetesReport chinese = offline(Locale.SIMPLIFIED_CHINESE);

    ObjectMapper mapper = new ObjectMapper();
    assertThat(withoutText(mapper.readTree(chinese.toJson())))
        .isEqualTo(withoutText(mapper.readTree(english.toJson())));
  }

  /**
   * The registry rejected regcred for Deployment web; Pod p3 in Chinese is still told to replace
   * the secret before referencing it: the finding is recognised by its secret, not by English text.
   */
  @Test
  void aRejectedSecretIsNotRecommendedAsIsInChinese() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              return new MockResponse.Builder()
                  .code(401)
                  .addHeader("Docker-Distribution-API-Version", "registry/2.0")
                  .addHeader("WWW-Authenticate", "Basic realm=\"r\"")
                  .build();
            }
          });
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      String hostPort = "127.0.0.1:" + server.getPort();
      String missing =
          """
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: lost, namespace: shop}
          spec:
            template:
              spec:
                imagePullSecrets: [{name: nosuch}]
                containers: [{name: lost, image: REGISTRY/team/app:1.0}]
          """
              .replace("REGISTRY", hostPort);
      try (RegistryDoctor registries =
          RegistryDoctor.builder()
              .credentials(CredentialResolver.anonymous())
              .plainHttpRegistry(hostPort)
              .timeout(Duration.ofSeconds(3))
              .locale(Locale.SIMPLIFIED_CHINESE)
              .build()) {
        KubernetesDoctor doctor = KubernetesDoctor.builder().verifyWith(registries).build();

        KubernetesReport report =
            doctor.analyze(
                List.of(
                    KubernetesManifest.of(
                        "shop.yaml", UnreferencedSecretTest.manifests(hostPort) + missing)));

        Finding unreferenced = UnreferencedSecretTest.unreferencedOfP3(report);
        assertThat(unreferenced.evidence())
            .contains("在对 Deployment shop/web 的实时检查中，镜像仓库拒绝了密钥 shop/regcred 的凭据（AUTH_INVALID）");
        assertThat(unreferenced.remediation().get(0).command())
            .startsWith("kubectl create secret docker-registry regcred -n shop");
        // The anonymous pull's answer explains the missing secret of Deployment lost.
        Finding absent =
            report
                .workload("Deployment", "lost")
                .orElseThrow()
                .containers()
                .get(0)
                .finding(DiagnosisCode.K8S_PULL_SECRET_MISSING)
                .orElseThrow();
        assertThat(absent.evidence()).anySatisfy(line -> assertThat(line).startsWith("匿名拉取："));
      }
    }
  }

  /**
   * Against a real registry that needs no credentials: the matched secret's OK, a working anonymous
   * pull, an anonymous request answered at the manifest, and the digest a moving tag points at.
   */
  @Test
  void liveEvidenceReadsAsChinese() throws Exception {
    try (EmbeddedRegistry registry = EmbeddedRegistry.start()) {
      ImageSeeder.to(registry.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 256);
      ImageSeeder.to(registry.baseUrl())
          .pushImage("team/app", "latest", Platform.LINUX_AMD64, 1, 256);
      String host = registry.hostPort();
      String manifests =
          """
          apiVersion: v1
          kind: Secret
          metadata: {name: regcred, namespace: shop}
          type: kubernetes.io/dockerconfigjson
          stringData:
            .dockerconfigjson: '{"auths":{"HOST":{"username":"carol","password":"Pw-Live-7"}}}'
          ---
          apiVersion: v1
          kind: Secret
          metadata: {name: portcred, namespace: shop}
          type: kubernetes.io/dockerconfigjson
          stringData:
            .dockerconfigjson: '{"auths":{"127.0.0.1:1":{"username":"dan","password":"Pw-Live-8"}}}'
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: web, namespace: shop}
          spec:
            template:
              spec:
                imagePullSecrets: [{name: regcred}]
                containers: [{name: web, image: HOST/team/app:1.0}]
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: anon, namespace: shop}
          spec:
            template:
              spec:
                imagePullSecrets: [{name: portcred}]
                containers:
                - {name: works, image: HOST/team/app:latest}
                - {name: notag, image: HOST/team/app:9.9}
          """
              .replace("HOST", host);
      try (RegistryDoctor registries =
          RegistryDoctor.builder()
              .credentials(CredentialResolver.anonymous())
              .plainHttpRegistry(host)
              .timeout(Duration.ofSeconds(5))
              .locale(Locale.SIMPLIFIED_CHINESE)
              .build()) {
        KubernetesReport report =
            KubernetesDoctor.builder()
                .verifyWith(registries)
                .build()
                .analyze(List.of(KubernetesManifest.of("live.yaml", manifests)));

        assertThat(evidence(report, "web", "web", DiagnosisCode.OK)).contains("凭据：密钥 shop/regcred");
        assertThat(evidence(report, "anon", "works", DiagnosisCode.K8S_PULL_SECRET_NO_MATCH))
            .last()
            .isEqualTo("严重级别降为 INFO：匿名拉取 " + host + "/team/app:latest 成功：镜像仓库不需要凭据即可拉取它");
        assertThat(evidence(report, "anon", "works", DiagnosisCode.MUTABLE_TAG))
            .last()
            .asString()
            .startsWith("标签 latest 当前指向 sha256:");
        assertThat(evidence(report, "anon", "notag", DiagnosisCode.K8S_PULL_SECRET_NO_MATCH))
            .last()
            .isEqualTo(
                "严重级别降为 INFO：对 "
                    + host
                    + "/team/app:9.9 的匿名请求已经到达清单这一步（MANIFEST_NOT_FOUND）：镜像仓库不需要凭据即可拉取它");
        assertThat(report.toJson() + report)
            .doesNotContain("Pw-Live-7")
            .doesNotContain("Pw-Live-8");
      }
    }
  }

  private static List<String> evidence(
      KubernetesReport report, String workload, String container, DiagnosisCode code) {
    KubernetesReport.Container found =
        report.workloads().stream()
            .filter(candidate -> candidate.name().equals(workload))
            .findFirst()
            .orElseThrow()
            .container(container)
            .orElseThrow();
    return found
        .finding(code)
        .orElseThrow(() -> new AssertionError("no " + code + " in " + found.findings()))
        .evidence();
  }

  /** Names the manifests gave (workloads, containers, secrets, service accounts) and the tag. */
  private static Set<String> names(KubernetesReport report) {
    Set<String> names =
        new TreeSet<>(
            Set.of(
                "regcred",
                "elsewhere",
                "badtype",
                "badb64",
                "badjson",
                "portcred",
                "nouser",
                "noauths",
                "hub",
                "puller",
                "builder",
                "ghost",
                "nosuch",
                "Opaque",
                "latest"));
    for (KubernetesReport.Workload workload : report.workloads()) {
      names.add(workload.name());
      names.add(workload.namespace());
      names.add(workload.serviceAccount());
      for (KubernetesReport.Container container : workload.containers()) {
        names.add(container.name());
        names.addAll(container.pullSecrets());
      }
    }
    return names;
  }

  /**
   * Returns the English words of the Chinese parts of {@code text}: parts without Chinese are
   * names, commands or what core's parsers wrote, quoted as they are.
   */
  private static List<String> strayWords(String text, Set<String> names) {
    List<String> words = new ArrayList<>();
    for (String part : CHINESE_PUNCTUATION.split(text)) {
      if (part.codePoints().anyMatch(KubernetesEvidenceLanguageTest::isHan)) {
        ChineseText.strayWords(part).stream()
            .filter(word -> !names.contains(word))
            .forEach(word -> words.add(word + " in \"" + text + "\""));
      }
    }
    return words;
  }

  private static boolean isHan(int c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
  }

  /**
   * Returns the JSON without its texts (a remediation becomes its number of steps): field names,
   * codes, severities, names and flags remain.
   */
  private static JsonNode withoutText(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode copy = object.deepCopy();
      copy.remove(List.of("summary", "evidence", "notes"));
      copy.fields()
          .forEachRemaining(
              field -> {
                if (field.getKey().equals("remediation")) {
                  // Commands name placeholders in the language too (<user>, <用户名>).
                  field.setValue(copy.numberNode(field.getValue().size()));
                } else {
                  field.setValue(withoutText(field.getValue()));
                }
              });
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = array.arrayNode();
      array.forEach(element -> copy.add(withoutText(element)));
      return copy;
    }
    return node;
  }
}
