package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/** Plain OkHttp clients and JSON helpers for tests; every timeout is set. */
final class TestHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  static final String MANIFEST_ACCEPT =
      "application/vnd.oci.image.index.v1+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json,"
          + " application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.v2+json";

  private TestHttp() {}

  static OkHttpClient client() {
    return client(Duration.ofSeconds(5));
  }

  static OkHttpClient client(Duration timeout) {
    return new OkHttpClient.Builder()
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .callTimeout(timeout.multipliedBy(3))
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .build();
  }

  static String body(Response response) {
    try {
      return response.body().string();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes the claims of a compact JWT without checking the signature. */
  static JsonNode claims(String jwt) {
    String[] parts = jwt.split("\\.");
    return json(new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8));
  }

  static JsonNode header(String jwt) {
    String[] parts = jwt.split("\\.");
    return json(new String(Base64.getUrlDecoder().decode(parts[0]), UTF_8));
  }
}
