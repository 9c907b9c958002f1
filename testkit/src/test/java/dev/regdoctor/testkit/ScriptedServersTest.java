package dev.regdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.regdoctor.testkit.EmbeddedRegistryTest.Answer;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ScriptedServersTest {

  private final OkHttpClient http = TestHttp.client();

  private Answer send(Request.Builder request) {
    return EmbeddedRegistryTest.send(http, request);
  }

  @Test
  void htmlPortalAnswersEveryPathWithALoginPageAndNoApiVersion() {
    try (ScriptedEndpoint portal = ScriptedServers.htmlPortal()) {
      for (String path : List.of("/v2/", "/v2/team/app/manifests/1.0", "/")) {
        Answer answer = send(new Request.Builder().url(portal.baseUrl() + path));

        assertThat(answer.status()).as(path).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(answer.header("Docker-Distribution-API-Version")).isNull();
        assertThat(answer.body()).isEqualTo(ScriptedServers.PORTAL_PAGE).contains("<form");
      }
      Answer post =
          send(
              new Request.Builder()
                  .url(portal.baseUrl() + "/login")
                  .post(RequestBody.create("user=a", null)));
      assertThat(post.status()).isEqualTo(200);
      assertThat(portal.requestCount()).isEqualTo(4);
      assertThat(portal.requests()).contains(new ServedRequest("POST", "/login", 200));
    }
  }

  @Test
  void statusAnswersEveryRequestWithTheScriptedStatusHeadersAndBody() {
    try (ScriptedEndpoint unavailable =
        ScriptedServers.status(503, Map.of("Retry-After", "30"), "Service Unavailable")) {
      Answer answer = send(new Request.Builder().url(unavailable.baseUrl() + "/v2/"));
      Answer head = send(new Request.Builder().url(unavailable.baseUrl() + "/v2/").head());

      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.header("Retry-After")).isEqualTo("30");
      assertThat(answer.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(answer.body()).isEqualTo("Service Unavailable");
      assertThat(head.status()).isEqualTo(503);
      assertThat(head.header("Content-Length")).isEqualTo("19");
      assertThat(head.body()).isEmpty();
      assertThat(unavailable.hostPort()).isEqualTo("127.0.0.1:" + unavailable.port());
    }
  }

  @Test
  void scriptedContentTypeWinsAndAnEmptyBodyHasNone() {
    try (ScriptedEndpoint gateway =
            ScriptedServers.status(
                502, Map.of("Content-Type", "text/html"), "<h1>502 Bad Gateway</h1>");
        ScriptedEndpoint empty = ScriptedServers.status(500, Map.of(), "")) {
      Answer html = send(new Request.Builder().url(gateway.baseUrl() + "/v2/"));
      Answer bare = send(new Request.Builder().url(empty.baseUrl() + "/v2/"));

      assertThat(html.header("Content-Type")).isEqualTo("text/html");
      assertThat(bare.status()).isEqualTo(500);
      assertThat(bare.header("Content-Type")).isNull();
      assertThat(bare.header("Content-Length")).isEqualTo("0");
    }
  }

  @Test
  void scriptedApiVersionHeaderIsSent() {
    try (ScriptedEndpoint registryDown =
        ScriptedServers.status(
            503, Map.of("Docker-Distribution-API-Version", "registry/2.0"), "")) {
      Answer answer = send(new Request.Builder().url(registryDown.baseUrl() + "/v2/"));

      assertThat(answer.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
    }
  }

  @Test
  void statusOutOfRangeOrComputedHeadersAreRejected() {
    assertThatThrownBy(() -> ScriptedServers.status(101, Map.of(), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be from 200 to 599 but was 101");
    assertThatThrownBy(() -> ScriptedServers.status(200, Map.of("content-length", "5"), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("content-length is computed and cannot be scripted");
  }

  @Test
  void closingReleasesThePort() {
    ScriptedEndpoint portal = ScriptedServers.htmlPortal();
    String url = portal.baseUrl() + "/v2/";
    assertThat(send(new Request.Builder().url(url)).status()).isEqualTo(200);

    portal.close();
    portal.close();

    http.connectionPool().evictAll();
    assertThat(catchThrowable(() -> send(new Request.Builder().url(url))))
        .hasCauseInstanceOf(ConnectException.class);
  }
}
