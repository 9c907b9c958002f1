package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.diagnostics.kubernetes.KubectlException;
import dev.regdoctor.diagnostics.kubernetes.KubernetesManifest;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** In-cluster discovery against a fake API server over TLS with the pod's service account. */
@Timeout(30)
class ClusterApiTest {
  private static final String TOKEN = "sa-token-LEAK-8812";

  @TempDir Path dir;
  private MockWebServer server;
  private Path account;

  @BeforeEach
  void start() throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate certificate =
        new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").signedBy(ca).build();
    server = new MockWebServer();
    server.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(certificate)
            .build()
            .sslSocketFactory());
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    account = Files.createDirectories(dir.resolve("serviceaccount"));
    Files.writeString(account.resolve("token"), TOKEN + "\n");
    Files.writeString(account.resolve("ca.crt"), ca.certificatePem());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ClusterApi api() {
    return ClusterApi.inCluster(
        Map.of(
            "KUBERNETES_SERVICE_HOST",
            "127.0.0.1",
            "KUBERNETES_SERVICE_PORT",
            String.valueOf(server.getPort())),
        account,
        Duration.ofSeconds(5));
  }

  private static MockResponse list(String kind, String items) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body("{\"kind\":\"" + kind + "List\",\"apiVersion\":\"v1\",\"items\":[" + items + "]}")
        .build();
  }

  @Test
  void readsEveryResourceOfANamespaceWithTheServiceAccountToken() throws Exception {
    server.enqueue(
        list(
            "Pod",
            "{\"metadata\":{\"name\":\"api\",\"namespace\":\"shop\"},\"spec\":{\"containers\":[{\"name\":\"api\",\"image\":\"registry.example.com/shop/api:2.0\"}]}}"));
    for (int i = 1; i < ClusterApi.RESOURCES.size(); i++) {
      server.enqueue(list("X", ""));
    }

    List<KubernetesManifest> manifests = api().read(List.of("shop"));

    List<String> paths = new ArrayList<>();
    for (int i = 0; i < ClusterApi.RESOURCES.size(); i++) {
      RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
      paths.add(request.getUrl().encodedPath());
    }
    assertThat(paths)
        .startsWith("/api/v1/namespaces/shop/pods", "/apis/apps/v1/namespaces/shop/deployments")
        .contains("/apis/batch/v1/namespaces/shop/cronjobs", "/api/v1/namespaces/shop/secrets");
    assertThat(manifests)
        .singleElement()
        .satisfies(
            manifest -> {
              assertThat(manifest.text())
                  .contains("\"kind\":\"Pod\"")
                  .contains("registry.example.com/shop/api:2.0");
              assertThat(manifest.source()).doesNotContain(TOKEN);
            });
  }

  @Test
  void forbiddenNamesTheMissingRbacWithoutTheToken() {
    server.enqueue(new MockResponse.Builder().code(403).body("{\"kind\":\"Status\"}").build());

    assertThatThrownBy(() -> api().read(List.of()))
        .isInstanceOf(KubectlException.class)
        .hasMessageContaining("/api/v1/pods -> 403")
        .hasMessageContaining("rbac.yaml")
        .satisfies(
            e ->
                assertThat(((KubectlException) e).reason())
                    .isEqualTo(KubectlException.Reason.FORBIDDEN))
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void outsideAPodThereIsNoServer() {
    assertThatThrownBy(() -> ClusterApi.inCluster(Map.of(), account, Duration.ofSeconds(1)))
        .isInstanceOf(KubectlException.class)
        .hasMessageContaining("KUBERNETES_SERVICE_HOST");
  }
}
