package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.ConnectProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review 16, finding 2, through the real process: {@code HTTPS_PROXY=http://user:pw@host:port} in
 * the environment of {@code regdoctor} sends the credentials to the proxy, as Docker does, and
 * nothing the process prints shows the password; a {@code socks5://} proxy is a usage error naming
 * the variable.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProxyEnvironmentTest {
  private static final String PASSWORD = "pw@CANARY-93";
  private static final String ESCAPED = "pw%40CANARY-93";

  @TempDir Path dir;

  record Run(int status, String out, String err) {}

  private Run regdoctor(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    for (String name : List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")) {
      builder.environment().remove(name);
    }
    builder.environment().put("NO_COLOR", "1");
    Files.createDirectories(dir.resolve("docker"));
    builder.environment().put("DOCKER_CONFIG", dir.resolve("docker").toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(100, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("regdoctor did not finish: " + command);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void httpsProxyCredentialsFromTheEnvironmentReachTheProxyAndNeverTheOutput() throws Exception {
    try (ConnectProxy proxy = ConnectProxy.builder().requireBasic("puser", "other").start()) {

      Run run =
          regdoctor(
              Map.of("HTTPS_PROXY", "http://puser:" + ESCAPED + "@" + proxy.hostPort()),
              "diagnose",
              "--lang",
              "en",
              "--timeout",
              "10s",
              "reg.clitest.invalid/team/app:1.0");

      assertThat(proxy.requests())
          .singleElement()
          .satisfies(
              request ->
                  assertThat(request.proxyAuthorization())
                      .isEqualTo(
                          "Basic "
                              + Base64.getEncoder()
                                  .encodeToString(
                                      ("puser:" + PASSWORD).getBytes(StandardCharsets.UTF_8))));
      assertThat(run.status()).isEqualTo(1);
      assertThat(run.out())
          .contains("refused the user name and password in the proxy URL")
          .contains("the proxy " + proxy.hostPort() + " refused")
          .doesNotContain("<unresolved>");
      assertThat(run.out() + run.err()).doesNotContain("CANARY", ESCAPED);
    }
  }

  @Test
  void socksProxyInTheEnvironmentIsAUsageErrorNamingTheVariable() throws Exception {
    Run run =
        regdoctor(
            Map.of("HTTPS_PROXY", "socks5://puser:" + ESCAPED + "@127.0.0.1:1080"),
            "diagnose",
            "reg.clitest.invalid/team/app:1.0");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err())
        .startsWith("regdoctor: HTTPS_PROXY: ")
        .contains("is a SOCKS proxy, and regdoctor supports only HTTP proxies")
        .doesNotContain("CANARY", ESCAPED);
  }
}
