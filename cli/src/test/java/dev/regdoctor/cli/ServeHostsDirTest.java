package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review item (session 17): {@code serve}'s discovered Kubernetes targets read no node hosts
 * directory, and probes.yaml had no key for one. {@code kubernetes.hostsDir} is read for the
 * discovered images as {@code k8s --hosts-dir} reads it, and only for them.
 */
@Timeout(90)
class ServeHostsDirTest {
  @TempDir Path dir;
  private FaultEndpoint refused;
  private MockWebServer mirror;

  @BeforeEach
  void start() throws Exception {
    refused = LoopbackFaults.closedPort();
    mirror = new MockWebServer();
    mirror.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return request.getUrl().encodedPath().equals("/v2/")
                ? RegistryAnswers.registry(200).body("{}").build()
                : RegistryAnswers.manifest();
          }
        });
    mirror.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
    refused.close();
  }

  @Test
  void discoveredImagesPullThroughTheNodesHostsDirectoryWhileListedImagesDoNot() throws Exception {
    String registry = "127.0.0.1:" + refused.port();
    String image = registry + "/shop/api:2.0";
    // the nodes' containerd sends this registry's pulls to a working mirror first
    Path hostsDir = dir.resolve("node-certs.d");
    Files.createDirectories(hostsDir.resolve(registry));
    Files.writeString(
        hostsDir.resolve(registry).resolve("hosts.toml"),
        "server = \"http://"
            + registry
            + "\"\n\n[host.\"http://127.0.0.1:"
            + mirror.getPort()
            + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
    Path objects = dir.resolve("objects.json");
    Files.writeString(
        objects,
        "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
            + "\"metadata\":{\"name\":\"api\",\"namespace\":\"shop\"},"
            + "\"spec\":{\"containers\":[{\"name\":\"api\",\"image\":\""
            + image
            + "\"}]}}]}");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path kubectl = bin.resolve("kubectl");
    Files.writeString(
        kubectl,
        "#!/bin/sh\ncase \"$*\" in\n  \"get pods,\"*) cat '"
            + objects
            + "' ;;\n  *) echo '{\"kind\":\"List\",\"items\":[]}' ;;\nesac\n");
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path config = dir.resolve("probes.yaml");
    Files.writeString(
        config,
        // the listed image's refusals must not open the registry's breaker before discovery
        "interval: 500ms\ntimeout: 3s\ncircuitBreaker: {failures: 100}\ntargets:\n  - image: "
            + image
            + "\nkubernetes:\n  namespaces: [shop]\n  source: kubectl\n  hostsDir: node-certs.d\n");

    try (RunningServe serve = new RunningServe(config, Map.of("PATH", bin + ":/usr/bin:/bin"))) {
      PromText metrics =
          serve.awaitMetrics(
              Duration.ofSeconds(45), scrape -> scrape.find("regdoctor_probe_success").size() == 2);

      assertThat(metrics.value("regdoctor_probe_success", "workload", "pod/api"))
          .as(serve.output())
          .contains(1.0);
      assertThat(
              metrics.value(
                  "regdoctor_probe_verdict_info", "namespace", "", "code", "CONNECTION_REFUSED"))
          .as("the listed image is checked without the nodes' hosts directory\n%s", metrics)
          .contains(1.0);
      assertThat(serve.get("/report?image=" + image + "&namespace=shop&workload=pod/api").body())
          .contains(
              "containerd pulls from http://127.0.0.1:"
                  + mirror.getPort()
                  + " (mirror 1 of 2, "
                  + hostsDir.resolve(registry).resolve("hosts.toml")
                  + " line 3)");
    }
    assertThat(mirror.getRequestCount()).isPositive();
  }
}
