package dev.regdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnonymousRegistryIT {

  private final OkHttpClient http = TestHttp.client();
  private RegistryProcess registry;
  private SeededImage image;
  private SeededIndex ociIndex;
  private SeededIndex dockerList;

  @BeforeAll
  void startAndSeed() {
    RegistryBinary.require();
    registry = RegistryProcess.builder().start();
    ImageSeeder seeder = ImageSeeder.to(registry.baseUrl());
    image = seeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 2, 4096);
    ociIndex =
        seeder.pushIndex("team/multi", "1.0", List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64));
    dockerList =
        seeder.pushIndex(
            "team/legacy",
            "1.0",
            List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM_V7),
            ManifestFormat.DOCKER);
  }

  @AfterAll
  void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private Response call(Request.Builder request) throws IOException {
    return http.newCall(request.build()).execute();
  }

  private Request.Builder get(String path) {
    return new Request.Builder().url(registry.baseUrl() + path);
  }

  @Test
  void anonymousRegistryAnswersPingWithApiVersion() throws IOException {
    assertThat(registry.baseUrl()).isEqualTo("http://127.0.0.1:" + registry.port());
    assertThat(registry.hostPort()).isEqualTo("127.0.0.1:" + registry.port());
    try (Response response = call(get("/v2/"))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
      assertThat(TestHttp.body(response)).isEqualTo("{}");
    }
  }

  @Test
  void anonymousRegistryServesSeededImage() throws IOException {
    try (Response response =
        call(get("/v2/team/app/manifests/1.0").head().header("Accept", TestHttp.MANIFEST_ACCEPT))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Docker-Content-Digest")).isEqualTo(image.digest());
      assertThat(response.header("Content-Type")).isEqualTo(ManifestFormat.OCI.manifestMediaType());
      assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(image.size()));
    }
    assertThat(image.reference()).isEqualTo("team/app:1.0");
    assertThat(image.layerDigests()).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void seededConfigNamesPlatformAndTrueDiffIds() throws Exception {
    JsonNode config;
    try (Response response = call(get("/v2/team/app/blobs/" + image.configDigest()))) {
      assertThat(response.code()).isEqualTo(200);
      config = TestHttp.json(TestHttp.body(response));
    }
    assertThat(config.path("os").asText()).isEqualTo("linux");
    assertThat(config.path("architecture").asText()).isEqualTo("amd64");
    assertThat(config.path("rootfs").path("type").asText()).isEqualTo("layers");
    for (int i = 0; i < image.layerDigests().size(); i++) {
      byte[] gzip;
      try (Response response = call(get("/v2/team/app/blobs/" + image.layerDigests().get(i)))) {
        assertThat(response.code()).isEqualTo(200);
        gzip = response.body().bytes();
      }
      assertThat(LayerArchive.digest(gzip)).isEqualTo(image.layerDigests().get(i));
      try (GZIPInputStream tar = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
        assertThat(LayerArchive.digest(tar.readAllBytes()))
            .isEqualTo(config.path("rootfs").path("diff_ids").get(i).asText());
      }
    }
  }

  @Test
  void pushingTheSameImageAgainGivesTheSameDigest() {
    SeededImage again =
        ImageSeeder.to(registry.baseUrl())
            .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 2, 4096);

    assertThat(again).isEqualTo(image);
  }

  @Test
  void ociIndexListsEveryPlatform() throws IOException {
    try (Response response =
        call(get("/v2/team/multi/manifests/1.0").header("Accept", TestHttp.MANIFEST_ACCEPT))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Type"))
          .isEqualTo("application/vnd.oci.image.index.v1+json");
      assertThat(response.header("Docker-Content-Digest")).isEqualTo(ociIndex.digest());
      JsonNode index = TestHttp.json(TestHttp.body(response));
      assertThat(index.path("manifests")).hasSize(2);
      assertThat(index.path("manifests").get(1).path("platform").toString())
          .isEqualTo("{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}");
      assertThat(index.path("manifests").get(0).path("digest").asText())
          .isEqualTo(ociIndex.manifests().get(0).digest());
    }
    // Children are stored by digest only.
    try (Response response =
        call(
            get("/v2/team/multi/manifests/" + ociIndex.manifests().get(1).digest())
                .head()
                .header("Accept", TestHttp.MANIFEST_ACCEPT))) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(ociIndex.platforms()).containsExactly(Platform.LINUX_AMD64, Platform.LINUX_ARM64);
  }

  @Test
  void dockerManifestListUsesDockerMediaTypes() throws IOException {
    try (Response response =
        call(get("/v2/team/legacy/manifests/1.0").header("Accept", TestHttp.MANIFEST_ACCEPT))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Type"))
          .isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
      JsonNode list = TestHttp.json(TestHttp.body(response));
      assertThat(list.path("manifests").get(0).path("mediaType").asText())
          .isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
    }
  }

  @Test
  void missingRepositoryAndMissingTagAreBothManifestUnknown() throws IOException {
    try (Response response =
        call(get("/v2/team/app/manifests/2.0").header("Accept", TestHttp.MANIFEST_ACCEPT))) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(TestHttp.body(response))
          .isEqualTo(
              "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest"
                  + " unknown\",\"detail\":{\"Tag\":\"2.0\"}}]}\n");
    }
    try (Response response =
        call(get("/v2/no/such/manifests/1.0").header("Accept", TestHttp.MANIFEST_ACCEPT))) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(TestHttp.body(response)).contains("\"code\":\"MANIFEST_UNKNOWN\"");
    }
    try (Response response = call(get("/v2/no/such/manifests/1.0").head())) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(TestHttp.body(response)).isEmpty();
    }
  }

  @Test
  void tagsListTellsMissingRepositoryApart() throws IOException {
    try (Response response = call(get("/v2/no/such/tags/list"))) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(TestHttp.body(response))
          .isEqualTo(
              "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to"
                  + " registry\",\"detail\":{\"name\":\"no/such\"}}]}\n");
    }
    try (Response response = call(get("/v2/team/app/tags/list"))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(TestHttp.body(response)).isEqualTo("{\"name\":\"team/app\",\"tags\":[\"1.0\"]}\n");
    }
  }

  @Test
  void ociManifestRequestedWithoutOciAcceptIsManifestUnknown() throws IOException {
    // Registry 2.8 hides OCI manifests from clients that do not accept them: always send OCI types.
    try (Response response = call(get("/v2/team/app/manifests/1.0"))) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(TestHttp.body(response))
          .contains("\"code\":\"MANIFEST_UNKNOWN\"")
          .contains("OCI manifest found, but accept header does not support OCI manifests");
    }
  }

  @Test
  void missingBlobIsBlobUnknown() throws IOException {
    try (Response response = call(get("/v2/team/app/blobs/sha256:" + "0".repeat(64)))) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(TestHttp.body(response)).contains("\"code\":\"BLOB_UNKNOWN\"");
    }
  }

  @Test
  void skopeoInspectsSeededImage(@TempDir Path home) throws Exception {
    Skopeo.Result result =
        Skopeo.run(
            home,
            "inspect",
            "--tls-verify=false",
            "--no-creds",
            "docker://" + registry.hostPort() + "/team/app:1.0");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode inspected = TestHttp.json(result.stdout());
    assertThat(inspected.path("Digest").asText()).isEqualTo(image.digest());
    assertThat(inspected.path("Architecture").asText()).isEqualTo("amd64");
    assertThat(inspected.path("Os").asText()).isEqualTo("linux");
    assertThat(inspected.path("Layers")).hasSize(2);
    assertThat(inspected.path("RepoTags").toString()).isEqualTo("[\"1.0\"]");
  }

  @Test
  void skopeoReadsRawIndexAndPicksThePlatform(@TempDir Path home) throws Exception {
    String reference = "docker://" + registry.hostPort() + "/team/multi:1.0";
    Skopeo.Result raw =
        Skopeo.run(home, "inspect", "--raw", "--tls-verify=false", "--no-creds", reference);

    assertThat(raw.exitCode()).as(raw.stderr()).isZero();
    assertThat(TestHttp.json(raw.stdout()).path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.index.v1+json");

    Skopeo.Result arm =
        Skopeo.run(
            home,
            "inspect",
            "--override-arch",
            "arm64",
            "--override-variant",
            "v8",
            "--tls-verify=false",
            "--no-creds",
            reference);
    assertThat(arm.exitCode()).as(arm.stderr()).isZero();
    assertThat(TestHttp.json(arm.stdout()).path("Architecture").asText()).isEqualTo("arm64");
  }

  @Test
  void skopeoCopiesTheImageVerifyingEveryBlob(@TempDir Path home) throws Exception {
    Skopeo.Result result =
        Skopeo.run(
            home,
            "copy",
            "--src-tls-verify=false",
            "--src-no-creds",
            "docker://" + registry.hostPort() + "/team/legacy:1.0",
            "oci:" + home.resolve("copy") + ":legacy");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
  }

  @Test
  void skopeoReportsMissingTagAsManifestUnknown(@TempDir Path home) throws Exception {
    Skopeo.Result result =
        Skopeo.run(
            home,
            "inspect",
            "--tls-verify=false",
            "--no-creds",
            "docker://" + registry.hostPort() + "/team/app:2.0");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("manifest unknown");
  }

  @Test
  void logShowsTheRegistryListening() {
    assertThat(registry.log()).contains("listening on " + registry.hostPort());
    assertThat(registry.isRunning()).isTrue();
  }
}
