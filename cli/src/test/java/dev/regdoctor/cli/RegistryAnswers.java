package dev.regdoctor.cli;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Answers a registry gives, shared by the CLI's MockWebServer tests. */
final class RegistryAnswers {
  private RegistryAnswers() {}

  /** Returns an answer with {@code code} and the registry API version header. */
  static MockResponse.Builder registry(int code) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Docker-Distribution-API-Version", "registry/2.0");
  }

  /** Returns a manifest {@code HEAD}'s answer: an OCI image manifest and its digest. */
  static MockResponse manifest() {
    return registry(200)
        .addHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
        .addHeader("Docker-Content-Digest", "sha256:" + "ab".repeat(32))
        .build();
  }

  /** Enqueues a healthy registry's answers: the {@code /v2/} ping, then the manifest. */
  static void enqueueHealthy(MockWebServer server) {
    server.enqueue(registry(200).body("{}").build());
    server.enqueue(manifest());
  }
}
