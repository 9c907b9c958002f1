package dev.regdoctor.credentials;

import static dev.regdoctor.credentials.TestTokens.b64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.endpoint.DaemonConfig;
import dev.regdoctor.endpoint.ProxySettings;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.RegistryClient;
import dev.regdoctor.testkit.ConnectProxy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Pushes a known password through every path (configs, helper output, secrets, errors, logs) and
 * checks that it, and its base64 forms, appear in nothing the library produces.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecretLeakTest {

  static final String CANARY = "canary-Pa55w0rd!";
  static final String CANARY_B64 = "Y2FuYXJ5LVBhNTV3MHJkIQ==";
  static final String USER_CANARY_B64 = "dXNlcjpjYW5hcnktUGE1NXcwcmQh";

  static {
    // Best effort: makes our loggers print debug lines if slf4j-simple is not yet initialised.
    System.setProperty("org.slf4j.simpleLogger.log.dev.regdoctor", "debug");
  }

  @TempDir Path dir;

  private final List<String> produced = new ArrayList<>();

  /** Records {@code value}'s text, or the exception's message and text if it throws. */
  private void collect(Supplier<?> action) {
    try {
      Object value = action.get();
      produced.add(String.valueOf(value));
      if (value instanceof CredentialLookup lookup) {
        produced.add(String.valueOf(lookup.source()));
        produced.addAll(lookup.consulted());
        produced.addAll(lookup.nearMisses());
        lookup.problems().forEach(p -> produced.add(p.source() + " " + p.message()));
        lookup.found().ifPresent(c -> produced.add(c.toString() + c.secret()));
      }
    } catch (RuntimeException e) {
      produced.add(e.toString());
      produced.add(String.valueOf(e.getMessage()));
      if (e instanceof ConfigException config) {
        produced.add(config.reason() + config.pointer() + config.source());
      }
    }
  }

  @Test
  void canaryReachesNoOutput() throws Exception {
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    try {
      exercise();
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    produced.add(printed);
    if (LoggerFactory.getLogger(CredentialHelper.class).isDebugEnabled()) {
      // The helper runs above were logged, so the check covers log lines too.
      assertThat(printed).contains("get for");
    }

    assertThat(produced)
        .isNotEmpty()
        .allSatisfy(
            text ->
                assertThat(text)
                    .doesNotContain(CANARY)
                    .doesNotContain(CANARY_B64)
                    .doesNotContain(CANARY_B64.replace("=", ""))
                    .doesNotContain(USER_CANARY_B64));
  }

  private void exercise() throws Exception {
    assertThat(b64(CANARY)).isEqualTo(CANARY_B64);
    assertThat(b64("user:" + CANARY)).isEqualTo(USER_CANARY_B64);
    String goodAuths =
        "{\"auths\": {"
            + "\"a.example.com\": {\"auth\": \""
            + USER_CANARY_B64
            + "\"},"
            + "\"b.example.com\": {\"username\": \"user\", \"password\": \""
            + CANARY
            + "\"},"
            + "\"c.example.com\": {\"identitytoken\": \""
            + CANARY
            + "\"},"
            + "\"d.example.com\": {\"registrytoken\": \""
            + CANARY
            + "\"}}}";

    // Config files: values, errors, near misses.
    DockerConfig config = DockerConfig.parse(goodAuths, "/root/.docker/config.json");
    collect(() -> config);
    collect(() -> DockerConfig.parse("\uFEFF" + goodAuths, "bom.json"));
    collect(
        () ->
            DockerConfig.parse(
                "{\"auths\": {\"a.example.com\": {\"auth\": \"" + CANARY + "\"}}}", "c"));
    collect(
        () ->
            DockerConfig.parse(
                "{\"auths\": {\"a.example.com\": {\"auth\": \"" + b64(CANARY) + "\"}}}", "c"));
    collect(
        () ->
            DockerConfig.parse(
                "{\"auths\": {\"a.example.com\": {\"auth\": " + CANARY + "}}}", "c"));
    collect(
        () ->
            DockerConfig.parse(
                "{\"auths\": {\"a.example.com\": {\"password\": \""
                    + CANARY
                    + "\", \"username\": 7}}}",
                "c"));
    collect(() -> DockerConfig.parse("{\"auths\": {\"a.example.com\": \"" + CANARY + "\"}}", "c"));
    collect(
        () -> DockerConfig.parseLegacy("{\"a.example.com\": {\"auth\": \"" + CANARY + "\"}}", "l"));
    collect(
        () ->
            DockerConfig.parseAuthConfigVariable(
                "{\"auths\": {\"a.example.com\": {\"auth\":"
                    + " \""
                    + USER_CANARY_B64
                    + "\", \"password\": \""
                    + CANARY
                    + "\"}}}"));
    collect(
        () ->
            DockerConfig.fromEnvironment(
                Map.of("DOCKER_AUTH_CONFIG", "{\"x\": \"" + CANARY + "\"}"), dir));

    // Resolver over the file, near misses and explicit credentials.
    DockerCredentialResolver resolver = DockerCredentialResolver.of(config, Map.of());
    for (String registry :
        List.of(
            "a.example.com",
            "b.example.com",
            "c.example.com",
            "d.example.com",
            "a.example.com:5000",
            "A.example.com",
            "x.a.example.com",
            "docker.io")) {
      collect(() -> resolver.lookup(registry, "team/app"));
    }
    collect(
        () -> resolver.withExplicit(Credential.of("user", CANARY)).lookup("e.example.com", "a"));

    // Credential helpers: success, failure echoing the secret, bad JSON, stdout-only errors.
    HelperScripts scripts = new HelperScripts(dir);
    scripts.credentials("good", "user", CANARY);
    scripts.credentials("token", "<token>", CANARY);
    scripts.script(
        "leaky",
        "cat >/dev/null\n"
            + "echo '{\"Username\":\"user\",\"Secret\":\""
            + CANARY
            + "\"}'\n"
            + "echo 'found "
            + CANARY
            + " and "
            + USER_CANARY_B64
            + "' >&2\nexit 2");
    scripts.script("stdoutonly", "cat >/dev/null\necho 'error: " + CANARY + "'\nexit 1");
    scripts.answering("badjson", "{\"Username\": \"user\", \"Secret\": " + CANARY + "}");
    scripts.answering("emptyuser", "{\"Username\": \"\", \"Secret\": \"" + CANARY + "\"}");
    for (String helper : List.of("good", "token", "leaky", "stdoutonly", "badjson", "emptyuser")) {
      collect(
          () -> CredentialHelper.credsStore(helper, scripts.environment()).get("r.example.com"));
      DockerConfig helperConfig =
          DockerConfig.parse("{\"credsStore\": \"" + helper + "\", " + goodAuths.substring(1), "c");
      collect(
          () ->
              DockerCredentialResolver.of(helperConfig, scripts.environment())
                  .lookup("a.example.com", "app"));
    }
    collect(
        () -> CredentialHelper.credHelper("x", Map.of("PATH", dir.toString(), "SECRET", CANARY)));

    // Kubernetes secrets: real kubectl output when available, hand-written otherwise.
    String manifest;
    try {
      manifest =
          Kubectl.run(
              dir,
              "create",
              "secret",
              "docker-registry",
              "leak",
              "--docker-server=registry.example.com",
              "--docker-username=user",
              "--docker-password=" + CANARY,
              "--dry-run=client",
              "-o",
              "yaml",
              "-n",
              "shop");
    } catch (org.opentest4j.TestAbortedException e) {
      manifest =
          KubernetesSecretsTest.dockerConfigJson(
              "leak",
              "{\"auths\":"
                  + " {\"registry.example.com\": {\"auth\": \""
                  + USER_CANARY_B64
                  + "\"}}}");
    }
    String kubectlManifest = manifest;
    List<PullSecret> secrets = KubernetesSecrets.parse(kubectlManifest, "leak.yaml");
    collect(() -> secrets);
    KubernetesCredentialResolver kubernetes = KubernetesCredentialResolver.of(secrets);
    for (String registry :
        List.of("registry.example.com", "registry.example.com:5000", "docker.io")) {
      collect(() -> kubernetes.lookup(registry, "team/app"));
    }
    collect(() -> secrets.get(0).match("registry.example.com", "a"));
    collect(
        () ->
            KubernetesSecrets.parse(
                KubernetesSecretsTest.dockerConfigJson(
                    "bad", "{\"auths\": {\"r.example.com\": {\"auth\": \"" + CANARY + "\"}}}"),
                "bad.yaml"));
    collect(
        () ->
            KubernetesSecrets.parse(
                KubernetesSecretsTest.dockerConfigJson(
                    "bad", "{\"auths\": {\"r.example.com\": {\"password\": " + CANARY + "}}}"),
                "bad.yaml"));
    collect(
        () ->
            KubernetesSecrets.parse(
                "kind: Secret\ndata:\n  .dockerconfigjson: [" + CANARY + "\n", "broken.yaml"));
    collect(
        () ->
            KubernetesSecrets.parse(
                "{\"kind\": \"Secret\", \"data\": " + CANARY + "}", "broken.json"));
    collect(
        () ->
            KubernetesSecrets.parse(
                "kind: Secret\nmetadata: {name: s}\ntype: "
                    + PullSecret.TYPE_DOCKER_CONFIG_JSON
                    + "\ndata:\n  .dockerconfigjson: "
                    + CANARY
                    + "\n",
                "notbase64.yaml"));

    // Settings that may carry credentials in URLs.
    collect(
        () ->
            DaemonConfig.parse(
                "{\"registry-mirrors\": [\"https://user:" + CANARY + "@mirror.example.com\"]}",
                "daemon.json"));
    collect(
        () ->
            DaemonConfig.parse(
                "{\"registry-mirrors\": [\"user:" + CANARY + "@mirror.example.com\"]}",
                "daemon.json"));
    collect(
        () -> DaemonConfig.parse("{\"insecure-registries\": [\"" + CANARY + "\"]}", "daemon.json"));
    collect(() -> DaemonConfig.parse("{\"registry-mirrors\": " + CANARY + "}", "daemon.json"));
    ProxySettings proxy =
        ProxySettings.fromEnvironment(
            Map.of(
                "HTTPS_PROXY", "http://user:" + CANARY + "@proxy.example.com:3128",
                "HTTP_PROXY", "user:" + CANARY + "@proxy.example.com:3128",
                "NO_PROXY", "localhost"));
    collect(() -> proxy);
    collect(proxy::description);
    collect(() -> proxy.problems());
    collect(
        () ->
            ProxySettings.fromEnvironment(
                Map.of("HTTPS_PROXY", "http://" + CANARY + " bad@host:99999")));

    // Review 16, finding 2: the proxy password is now sent; a proxy refuses it (407), and the
    // probe's results, its exceptions and the debug log lines must not show it.
    try (ConnectProxy refusing = ConnectProxy.builder().requireBasic("user", "other").start()) {
      String url = "http://user:" + CANARY + "@" + refusing.hostPort();
      List<ProbeSettings> settings =
          List.of(
              ProbeSettings.builder()
                  .proxy(java.net.URI.create(url))
                  .timeout(java.time.Duration.ofSeconds(5))
                  .build(),
              ProbeSettings.builder()
                  .proxies(ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", url)))
                  .timeout(java.time.Duration.ofSeconds(5))
                  .build());
      for (ProbeSettings each : settings) {
        collect(() -> each);
        try (RegistryClient client = RegistryClient.create(each)) {
          ProbeResult result =
              client.check("reg.leak.invalid/team/app:1.0", CredentialResolver.anonymous());
          produced.add(result.toString());
          produced.add(String.valueOf(result.steps()));
          for (Failure failure : result.failures()) {
            produced.add(failure.summary());
            produced.addAll(failure.evidence());
            for (Throwable t = failure.cause(); t != null && t != t.getCause(); t = t.getCause()) {
              produced.add(t.toString());
            }
          }
          assertThat(result.failures())
              .anySatisfy(
                  failure -> assertThat(failure.kind()).isEqualTo(FailureKind.PROXY_FAILURE));
        }
      }
      assertThat(refusing.requests())
          .allSatisfy(request -> assertThat(request.proxyAuthorization()).isNotNull());
    }
    collect(
        () ->
            ProbeSettings.builder()
                .proxy(java.net.URI.create("socks5://user:" + CANARY + "@127.0.0.1:1080")));
    collect(
        () ->
            ProbeSettings.builder()
                .proxies(
                    ProxySettings.fromEnvironment(
                        Map.of("HTTP_PROXY", "https://user:" + CANARY + "@proxy.example.com"))));
  }
}
