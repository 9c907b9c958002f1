package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import okhttp3.Credentials;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EmbeddedRegistryTest {

  private static final OkHttpClient HTTP = TestHttp.client();
  private static final String OCI_MANIFEST = ManifestFormat.OCI.manifestMediaType();
  private static final String DOCKER_MANIFEST = ManifestFormat.DOCKER.manifestMediaType();
  private static final String ZERO_DIGEST = "sha256:" + "0".repeat(64);
  private static final String UNAUTHORIZED_PING_BODY =
      "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication"
          + " required\",\"detail\":null}]}\n";
  private static final String UNAUTHORIZED_PULL_BODY =
      "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\","
          + "\"detail\":[{\"Type\":\"repository\",\"Class\":\"\",\"Name\":\"team/app\","
          + "\"Action\":\"pull\"}]}]}\n";

  /** Status, headers and body of one exchange, read and closed. */
  record Answer(int status, Headers headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  static Answer send(Request.Builder request) {
    return send(HTTP, request);
  }

  static Answer send(OkHttpClient client, Request.Builder request) {
    try (Response response = client.newCall(request.build()).execute()) {
      return new Answer(response.code(), response.headers(), response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Request.Builder get(EmbeddedRegistry registry, String path) {
    return new Request.Builder().url(registry.baseUrl() + path);
  }

  static Request.Builder manifest(EmbeddedRegistry registry, String repository, String reference) {
    return get(registry, "/v2/" + repository + "/manifests/" + reference)
        .header("Accept", TestHttp.MANIFEST_ACCEPT);
  }

  static byte[] manifestWithConfig(String configDigest) {
    return ("{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":"
            + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + configDigest
            + "\",\"size\":2},\"layers\":[]}")
        .getBytes(UTF_8);
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Anonymous {

    private EmbeddedRegistry registry;
    private SeededImage image;
    private SeededIndex ociIndex;
    private SeededIndex dockerList;

    @BeforeAll
    void startAndSeed() {
      registry = EmbeddedRegistry.start();
      ImageSeeder seeder = ImageSeeder.to(registry.baseUrl());
      image = seeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 2, 4096);
      ociIndex =
          seeder.pushIndex(
              "team/multi", "1.0", List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64));
      dockerList =
          seeder.pushIndex(
              "team/legacy",
              "1.0",
              List.of(Platform.LINUX_ARM_V7, Platform.LINUX_AMD64),
              ManifestFormat.DOCKER);
    }

    @AfterAll
    void stop() {
      registry.close();
    }

    @Test
    void seederPushesAnImageWhoseManifestAndBlobsTheRegistryServes() {
      Answer head = send(manifest(registry, "team/app", "1.0").head());
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Docker-Content-Digest")).isEqualTo(image.digest());
      assertThat(head.header("Content-Type")).isEqualTo(OCI_MANIFEST);
      assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(image.size()));
      assertThat(head.body()).isEmpty();

      for (String blob : image.layerDigests()) {
        try (Response response =
            HTTP.newCall(get(registry, "/v2/team/app/blobs/" + blob).build()).execute()) {
          assertThat(response.code()).isEqualTo(200);
          assertThat(LayerArchive.digest(response.body().bytes())).isEqualTo(blob);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      Answer config = send(get(registry, "/v2/team/app/blobs/" + image.configDigest()));
      assertThat(TestHttp.json(config.body()).path("architecture").asText()).isEqualTo("amd64");
    }

    @Test
    void seederPushesAnIndexWhoseChildrenAreStoredByDigest() {
      Answer index = send(manifest(registry, "team/multi", "1.0"));
      assertThat(index.status()).isEqualTo(200);
      assertThat(index.header("Content-Type")).isEqualTo(ociIndex.mediaType());
      assertThat(index.header("Docker-Content-Digest")).isEqualTo(ociIndex.digest());
      assertThat(LayerArchive.digest(index.body().getBytes(UTF_8))).isEqualTo(ociIndex.digest());
      for (SeededImage child : ociIndex.manifests()) {
        Answer answer = send(manifest(registry, "team/multi", child.digest()).head());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Docker-Content-Digest")).isEqualTo(child.digest());
      }
      assertThat(send(get(registry, "/v2/team/multi/tags/list")).body())
          .isEqualTo("{\"name\":\"team/multi\",\"tags\":[\"1.0\"]}\n");
    }

    @Test
    void pingAnswersEmptyJsonWithApiVersion() {
      Answer answer = send(get(registry, "/v2/"));

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
      assertThat(answer.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
      assertThat(answer.body()).isEqualTo("{}");
      assertThat(registry.baseUrl()).isEqualTo("http://127.0.0.1:" + registry.port());
    }

    @Test
    void manifestGetServesTheBytesThatHashToTheDigest() {
      Answer answer = send(manifest(registry, "team/app", "1.0"));

      assertThat(answer.status()).isEqualTo(200);
      assertThat(LayerArchive.digest(answer.body().getBytes(UTF_8))).isEqualTo(image.digest());
      assertThat(answer.header("Etag")).isEqualTo("\"" + image.digest() + "\"");
      assertThat(send(manifest(registry, "team/app", image.digest())).body())
          .isEqualTo(answer.body());
    }

    @Test
    void missingTagAndMissingRepositoryAreBothManifestUnknownNamingTheTag() {
      for (String repository : List.of("team/app", "no/such")) {
        Answer answer = send(manifest(registry, repository, "2.0"));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body())
            .isEqualTo(
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\","
                    + "\"detail\":{\"Tag\":\"2.0\"}}]}\n");
      }
      Answer head = send(manifest(registry, "no/such", "2.0").head());
      assertThat(head.status()).isEqualTo(404);
      assertThat(head.body()).isEmpty();
    }

    @Test
    void missingDigestNamesRepositoryAndRevision() {
      String digest = "sha256:" + "1".repeat(64);

      Answer answer = send(manifest(registry, "team/app", digest));

      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.body())
          .isEqualTo(
              "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\","
                  + "\"detail\":{\"Name\":\"team/app\",\"Revision\":\""
                  + digest
                  + "\"}}]}\n");
    }

    @Test
    void ociManifestRequestedWithoutOciAcceptIsManifestUnknown() {
      Answer answer =
          send(get(registry, "/v2/team/app/manifests/1.0").header("Accept", DOCKER_MANIFEST));

      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.body())
          .isEqualTo(
              "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"OCI manifest found, but"
                  + " accept header does not support OCI manifests\"}]}\n");
    }

    @Test
    void ociIndexRequestedWithoutIndexAcceptIsManifestUnknown() {
      Answer answer =
          send(get(registry, "/v2/team/multi/manifests/1.0").header("Accept", OCI_MANIFEST));

      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.body())
          .contains("OCI index found, but accept header does not support OCI indexes");
    }

    @Test
    void dockerListByTagWithoutListAcceptServesTheLinuxAmd64Image() {
      SeededImage amd64 = dockerList.manifests().get(1);

      Answer answer =
          send(get(registry, "/v2/team/legacy/manifests/1.0").header("Accept", DOCKER_MANIFEST));

      assertThat(amd64.platform()).isEqualTo(Platform.LINUX_AMD64);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Content-Type")).isEqualTo(DOCKER_MANIFEST);
      assertThat(answer.header("Docker-Content-Digest")).isEqualTo(amd64.digest());
      Answer list = send(manifest(registry, "team/legacy", "1.0"));
      assertThat(list.header("Docker-Content-Digest")).isEqualTo(dockerList.digest());
    }

    @Test
    void matchingIfNoneMatchIsNotModified() {
      Answer answer =
          send(manifest(registry, "team/app", "1.0").header("If-None-Match", image.digest()));

      assertThat(answer.status()).isEqualTo(304);
      assertThat(answer.body()).isEmpty();
    }

    @Test
    void tagsListNamesTheTagsOrAnswersNameUnknown() {
      assertThat(send(get(registry, "/v2/team/app/tags/list")).body())
          .isEqualTo("{\"name\":\"team/app\",\"tags\":[\"1.0\"]}\n");

      Answer missing = send(get(registry, "/v2/no/such/tags/list"));

      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.body())
          .isEqualTo(
              "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to"
                  + " registry\",\"detail\":{\"name\":\"no/such\"}}]}\n");
    }

    @Test
    void missingBlobIsBlobUnknownNamingTheDigest() {
      Answer answer = send(get(registry, "/v2/team/app/blobs/" + ZERO_DIGEST));

      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.body())
          .isEqualTo(
              "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\","
                  + "\"detail\":\""
                  + ZERO_DIGEST
                  + "\"}]}\n");
    }

    @Test
    void blobIsVisibleOnlyInRepositoriesItWasPushedTo() {
      Answer here = send(get(registry, "/v2/team/app/blobs/" + image.configDigest()).head());
      Answer elsewhere = send(get(registry, "/v2/team/multi/blobs/" + image.configDigest()).head());

      assertThat(here.status()).isEqualTo(200);
      assertThat(here.header("Docker-Content-Digest")).isEqualTo(image.configDigest());
      assertThat(here.header("Content-Type")).isEqualTo("application/octet-stream");
      assertThat(elsewhere.status()).isEqualTo(404);
    }

    @Test
    void blobRangeIsPartialContent() {
      String whole = send(get(registry, "/v2/team/app/blobs/" + image.configDigest())).body();

      Answer answer =
          send(
              get(registry, "/v2/team/app/blobs/" + image.configDigest())
                  .header("Range", "bytes=2-5"));

      assertThat(answer.status()).isEqualTo(206);
      assertThat(answer.header("Content-Range")).isEqualTo("bytes 2-5/" + whole.length());
      assertThat(answer.body()).isEqualTo(whole.substring(2, 6));
    }

    @Test
    void malformedBlobDigestIsDigestInvalid() {
      Answer answer = send(get(registry, "/v2/team/app/blobs/sha256:" + "A".repeat(64)));

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body()).contains("\"code\":\"DIGEST_INVALID\"");
    }

    @Test
    void pathOutsideTheRoutesIsPlainTextNotFoundWithApiVersion() {
      for (String path : List.of("/v2/team/app/nope", "/v2/Team/App/manifests/1.0", "/other")) {
        Answer answer = send(get(registry, path));

        assertThat(answer.status()).as(path).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("404 page not found\n");
        assertThat(answer.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(answer.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
      }
    }

    @Test
    void catalogListsRepositoriesInOrder() {
      Answer answer = send(get(registry, "/v2/_catalog"));

      assertThat(TestHttp.json(answer.body()).path("repositories").toString())
          .startsWith("[\"team/app\",\"team/legacy\",\"team/multi\"");
    }

    @Test
    void deletingManifestsIsUnsupported() {
      Answer answer = send(manifest(registry, "team/app", "1.0").delete());

      assertThat(answer.status()).isEqualTo(405);
      assertThat(answer.body())
          .isEqualTo(
              "{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"The operation is"
                  + " unsupported.\"}]}\n");
    }

    @Test
    void requestsRecordMethodPathAndStatus() {
      int before = registry.requestCount();

      send(manifest(registry, "team/app", "9.9").head());

      assertThat(registry.requestCount()).isEqualTo(before + 1);
      assertThat(registry.requests())
          .contains(new ServedRequest("HEAD", "/v2/team/app/manifests/9.9", 404));
    }
  }

  @Nested
  class Pushing {

    private final EmbeddedRegistry registry = EmbeddedRegistry.start();

    @org.junit.jupiter.api.AfterEach
    void stop() {
      registry.close();
    }

    private Answer startUpload(String repository) {
      return send(
          get(registry, "/v2/" + repository + "/blobs/uploads/")
              .post(RequestBody.create(new byte[0], null)));
    }

    @Test
    void chunkedUploadWithPatchThenPutStoresTheBlob() {
      String digest = LayerArchive.digest("hello world".getBytes(UTF_8));
      Answer started = startUpload("team/new");
      assertThat(started.status()).isEqualTo(202);
      assertThat(started.header("Range")).isEqualTo("0-0");

      Answer patched =
          send(
              new Request.Builder()
                  .url(started.header("Location"))
                  .patch(RequestBody.create("hello ", null)));
      Answer finished =
          send(
              new Request.Builder()
                  .url(
                      HttpUrl.get(patched.header("Location"))
                          .newBuilder()
                          .addQueryParameter("digest", digest)
                          .build())
                  .put(RequestBody.create("world", null)));

      assertThat(patched.status()).isEqualTo(202);
      assertThat(patched.header("Range")).isEqualTo("0-5");
      assertThat(patched.header("Docker-Upload-UUID")).isNotBlank();
      assertThat(finished.status()).isEqualTo(201);
      assertThat(finished.header("Location"))
          .isEqualTo(registry.baseUrl() + "/v2/team/new/blobs/" + digest);
      assertThat(send(get(registry, "/v2/team/new/blobs/" + digest)).body())
          .isEqualTo("hello world");
    }

    @Test
    void completingWithTheWrongDigestIsDigestInvalidAndEndsTheUpload() {
      String location = startUpload("team/new").header("Location");
      HttpUrl complete =
          HttpUrl.get(location).newBuilder().addQueryParameter("digest", ZERO_DIGEST).build();

      Answer wrong = send(new Request.Builder().url(complete).put(RequestBody.create("x", null)));
      Answer again = send(new Request.Builder().url(complete).put(RequestBody.create("x", null)));

      assertThat(wrong.status()).isEqualTo(400);
      assertThat(wrong.body())
          .isEqualTo(
              "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"provided digest did not"
                  + " match uploaded content\",\"detail\":{\"Digest\":\""
                  + ZERO_DIGEST
                  + "\",\"Reason\":{}}}]}\n");
      assertThat(again.status()).isEqualTo(404);
      assertThat(again.body()).contains("\"code\":\"BLOB_UPLOAD_UNKNOWN\"");
    }

    @Test
    void completingWithoutDigestIsDigestInvalidAndKeepsTheUpload() {
      String location = startUpload("team/new").header("Location");

      Answer missing = send(new Request.Builder().url(location).put(RequestBody.create("", null)));
      Answer status = send(new Request.Builder().url(location));

      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.body()).contains("\"detail\":\"digest missing\"");
      assertThat(status.status()).isEqualTo(204);
    }

    @Test
    void mountLinksABlobOfAnotherRepositoryOrStartsAnUpload() {
      String digest = ImageSeeder.to(registry.baseUrl()).pushBlob("team/base", new byte[] {1, 2});

      Answer mounted =
          send(
              get(registry, "/v2/team/app/blobs/uploads/?mount=" + digest + "&from=team/base")
                  .post(RequestBody.create(new byte[0], null)));
      Answer notThere =
          send(
              get(registry, "/v2/team/app/blobs/uploads/?mount=" + ZERO_DIGEST + "&from=team/base")
                  .post(RequestBody.create(new byte[0], null)));

      assertThat(mounted.status()).isEqualTo(201);
      assertThat(mounted.header("Docker-Content-Digest")).isEqualTo(digest);
      assertThat(send(get(registry, "/v2/team/app/blobs/" + digest).head()).status())
          .isEqualTo(200);
      assertThat(notThere.status()).isEqualTo(202);
    }

    @Test
    void manifestReferencingAMissingBlobIsManifestBlobUnknown() {
      Answer answer =
          send(
              get(registry, "/v2/team/app/manifests/1.0")
                  .put(
                      RequestBody.create(
                          manifestWithConfig(ZERO_DIGEST), MediaType.get(OCI_MANIFEST))));

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body())
          .isEqualTo(
              "{\"errors\":[{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"message\":\"blob unknown to"
                  + " registry\",\"detail\":\""
                  + ZERO_DIGEST
                  + "\"}]}\n");
    }

    @Test
    void indexReferencingAMissingManifestIsManifestBlobUnknown() {
      String index =
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
              + "\"manifests\":[{\"mediaType\":\""
              + OCI_MANIFEST
              + "\",\"digest\":\""
              + ZERO_DIGEST
              + "\",\"size\":2}]}";

      Answer answer =
          send(
              get(registry, "/v2/team/app/manifests/1.0")
                  .put(
                      RequestBody.create(
                          index, MediaType.get("application/vnd.oci.image.index.v1+json"))));

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body()).contains("\"code\":\"MANIFEST_BLOB_UNKNOWN\"");
    }

    @Test
    void manifestPutUnderAnotherDigestIsDigestInvalid() {
      String config = ImageSeeder.to(registry.baseUrl()).pushBlob("team/app", "{}".getBytes(UTF_8));

      Answer answer =
          send(
              get(registry, "/v2/team/app/manifests/" + ZERO_DIGEST)
                  .put(
                      RequestBody.create(manifestWithConfig(config), MediaType.get(OCI_MANIFEST))));

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body())
          .isEqualTo(
              "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"provided digest did not"
                  + " match uploaded content\"}]}\n");
    }

    @Test
    void manifestWithoutAKnownContentTypeIsManifestInvalid() {
      String config = ImageSeeder.to(registry.baseUrl()).pushBlob("team/app", "{}".getBytes(UTF_8));

      for (MediaType type : new MediaType[] {null, MediaType.get("application/json")}) {
        Answer answer =
            send(
                get(registry, "/v2/team/app/manifests/1.0")
                    .put(RequestBody.create(manifestWithConfig(config), type)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body())
            .isEqualTo(
                "{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":\"manifest invalid\","
                    + "\"detail\":{}}]}\n");
      }
    }

    @Test
    void manifestPushedByDigestHasNoTag() {
      ImageSeeder seeder = ImageSeeder.to(registry.baseUrl());
      String config = seeder.pushBlob("team/app", "{}".getBytes(UTF_8));
      byte[] body = manifestWithConfig(config);
      String digest =
          seeder.pushManifest("team/app", LayerArchive.digest(body), OCI_MANIFEST, body);

      assertThat(send(manifest(registry, "team/app", digest)).status()).isEqualTo(200);
      assertThat(send(get(registry, "/v2/team/app/tags/list")).status()).isEqualTo(404);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class BasicAuth {

    private EmbeddedRegistry registry;
    private SeededImage image;

    @BeforeAll
    void startAndSeed() {
      registry =
          EmbeddedRegistry.builder()
              .basicAuth("alice", "alice-secret-pw")
              .basicAuth("bob", "bob-secret-pw")
              .start();
      image =
          ImageSeeder.to(registry.baseUrl())
              .withCredentials("alice", "alice-secret-pw")
              .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
    }

    @AfterAll
    void stop() {
      registry.close();
    }

    @Test
    void pingWithoutCredentialsIsBasicChallenge() {
      Answer answer = send(get(registry, "/v2/"));

      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.header("WWW-Authenticate")).isEqualTo("Basic realm=\"regdoctor-test\"");
      assertThat(answer.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
      assertThat(answer.body()).isEqualTo(UNAUTHORIZED_PING_BODY);
    }

    @Test
    void repositoryRequestWithoutCredentialsNamesTheAccessInDetail() {
      Answer answer = send(manifest(registry, "team/app", "1.0"));

      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.body()).isEqualTo(UNAUTHORIZED_PULL_BODY);
    }

    @Test
    void wrongPasswordUnknownUserAndBearerLookExactlyLikeMissingCredentials() {
      for (String authorization :
          List.of(
              Credentials.basic("alice", "wrong"),
              Credentials.basic("eve", "x"),
              "Bearer something",
              "Basic !!!")) {
        Answer answer = send(get(registry, "/v2/").header("Authorization", authorization));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Basic realm=\"regdoctor-test\"");
        assertThat(answer.body()).isEqualTo(UNAUTHORIZED_PING_BODY);
      }
    }

    @Test
    void everyConfiguredUserPulls() {
      for (String authorization :
          List.of(
              Credentials.basic("alice", "alice-secret-pw"),
              Credentials.basic("bob", "bob-secret-pw"))) {
        Answer answer =
            send(manifest(registry, "team/app", "1.0").header("Authorization", authorization));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Docker-Content-Digest")).isEqualTo(image.digest());
      }
    }

    @Test
    void seederPushesWithCredentialsAndFailsWithout() {
      SeededImage pushed =
          ImageSeeder.to(registry.baseUrl())
              .withCredentials("bob", "bob-secret-pw")
              .pushImage("team/pushed", "2.0", Platform.LINUX_ARM64, 1, 256);

      assertThat(
              send(manifest(registry, "team/pushed", "2.0")
                      .head()
                      .header("Authorization", Credentials.basic("bob", "bob-secret-pw")))
                  .header("Docker-Content-Digest"))
          .isEqualTo(pushed.digest());
      assertThatThrownBy(
              () ->
                  ImageSeeder.to(registry.baseUrl())
                      .pushImage("team/anon", "1", Platform.LINUX_AMD64, 1, 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("answered 401");
    }

    @Test
    void credentialsReachNeitherTheRequestLogNorToString() {
      String authorization = Credentials.basic("alice", "alice-secret-pw");
      send(get(registry, "/v2/").header("Authorization", authorization));

      String recorded = registry.requests() + " " + registry;

      assertThat(recorded)
          .doesNotContain("alice-secret-pw")
          .doesNotContain(authorization.substring(6))
          .contains("GET /v2/ -> 200");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class TokenAuth {

    private TokenIssuer issuer;
    private EmbeddedRegistry registry;
    private SeededImage image;

    @BeforeAll
    void startAndSeed() {
      issuer =
          TokenIssuer.start()
              .user("alice", "alice-pw")
              .user("bob", "bob-pw")
              .allow("alice", "team/app", "pull", "push")
              .allow("alice", "public/app", "pull", "push")
              .allowAnonymousPull("public/app");
      registry = EmbeddedRegistry.builder().tokenAuth(issuer).start();
      ImageSeeder seeder = ImageSeeder.to(registry.baseUrl()).withCredentials("alice", "alice-pw");
      image = seeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
      seeder.pushImage("public/app", "1.0", Platform.LINUX_AMD64, 1, 512);
    }

    @AfterAll
    void stop() {
      registry.close();
      issuer.close();
    }

    /** Fetches a token from the issuer over HTTP, as a client would. */
    private String token(String scope, String user, String password) {
      Request.Builder request =
          new Request.Builder()
              .url(
                  HttpUrl.get(issuer.url())
                      .newBuilder()
                      .addQueryParameter("service", issuer.service())
                      .addQueryParameter("scope", scope)
                      .build());
      if (user != null) {
        request.header("Authorization", Credentials.basic(user, password));
      }
      Answer answer = send(request);
      assertThat(answer.status()).isEqualTo(200);
      return TestHttp.json(answer.body()).path("token").asText();
    }

    private Answer pull(String repository, String token) {
      Request.Builder request = manifest(registry, repository, "1.0");
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return send(request);
    }

    private String challenge(String scope, String error) {
      return "Bearer realm=\""
          + issuer.url()
          + "\",service=\"test-registry\""
          + (scope == null ? "" : ",scope=\"" + scope + "\"")
          + (error == null ? "" : ",error=\"" + error + "\"");
    }

    @Test
    void pingWithoutTokenChallengesWithTheIssuerAsRealm() {
      Answer answer = send(get(registry, "/v2/"));

      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.header("WWW-Authenticate")).isEqualTo(challenge(null, null));
      assertThat(answer.body()).isEqualTo(UNAUTHORIZED_PING_BODY);
    }

    @Test
    void anonymousManifestRequestIsChallengedWithTheScope() {
      Answer answer = pull("team/app", null);

      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.header("WWW-Authenticate"))
          .isEqualTo(challenge("repository:team/app:pull", null));
      assertThat(answer.body()).isEqualTo(UNAUTHORIZED_PULL_BODY);
    }

    @Test
    void tokenFromTheIssuerServesTheManifest() {
      Answer answer = pull("team/app", token("repository:team/app:pull", "alice", "alice-pw"));

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Docker-Content-Digest")).isEqualTo(image.digest());
    }

    @Test
    void tokenWithoutTheGrantIsInsufficientScope() {
      String token = token("repository:team/app:pull", "bob", "bob-pw");
      assertThat(TestHttp.claims(token).path("access")).isEmpty();

      Answer answer = pull("team/app", token);

      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.header("WWW-Authenticate"))
          .isEqualTo(challenge("repository:team/app:pull", "insufficient_scope"));
      assertThat(answer.body()).isEqualTo(UNAUTHORIZED_PULL_BODY);
    }

    @Test
    void tokenForAnotherRepositoryIsInsufficientScope() {
      Answer answer = pull("team/app", token("repository:public/app:pull", "alice", "alice-pw"));

      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.header("WWW-Authenticate")).endsWith(",error=\"insufficient_scope\"");
    }

    @Test
    void anonymousTokenPullsThePublicRepositoryOnly() {
      assertThat(pull("public/app", token("repository:public/app:pull", null, null)).status())
          .isEqualTo(200);
      assertThat(pull("team/app", token("repository:team/app:pull", null, null)).status())
          .isEqualTo(401);
    }

    @Test
    void tokenWithEmptyAccessPassesThePing() {
      String token = token("repository:team/app:pull", "bob", "bob-pw");

      Answer answer = send(get(registry, "/v2/").header("Authorization", "Bearer " + token));

      assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void expiredForeignOrGarbageTokenIsInvalidToken() {
      String expired;
      synchronized (issuer) {
        issuer.expiresIn(-120);
        expired = issuer.issueToken("alice", "repository:team/app:pull");
        issuer.expiresIn(TokenIssuer.DEFAULT_EXPIRES_IN_SECONDS);
      }
      String foreign;
      try (TokenIssuer stranger = TokenIssuer.start()) {
        foreign = stranger.issueToken("alice", "repository:team/app:pull");
      }

      for (String token : List.of(expired, foreign, "garbage", "a.b.c")) {
        Answer answer = pull("team/app", token);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate"))
            .isEqualTo(challenge("repository:team/app:pull", "invalid_token"));
      }
    }

    @Test
    void tokenExpiredWithinTheLeewayStillPulls() {
      String token;
      synchronized (issuer) {
        issuer.expiresIn(-30);
        token = issuer.issueToken("alice", "repository:team/app:pull");
        issuer.expiresIn(TokenIssuer.DEFAULT_EXPIRES_IN_SECONDS);
      }

      assertThat(pull("team/app", token).status()).isEqualTo(200);
    }

    @Test
    void uploadWithAPullOnlyTokenNeedsPullAndPush() {
      String token = issuer.issueToken("alice", "repository:team/app:pull");

      Answer answer =
          send(
              get(registry, "/v2/team/app/blobs/uploads/")
                  .header("Authorization", "Bearer " + token)
                  .post(RequestBody.create(new byte[0], null)));

      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.header("WWW-Authenticate"))
          .isEqualTo(challenge("repository:team/app:pull,push", "insufficient_scope"));
    }

    @Test
    void missingRepositoryWithItsGrantIsManifestUnknown() {
      Answer answer = pull("team/none", issuer.issueToken("alice", "repository:team/none:pull"));

      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.body()).contains("\"code\":\"MANIFEST_UNKNOWN\"");
    }
  }

  @Nested
  class RateLimits {

    private Answer pull(EmbeddedRegistry registry, boolean head) {
      Request.Builder request = manifest(registry, "library/app", "1.0");
      return send(head ? request.head() : request);
    }

    private EmbeddedRegistry seeded(EmbeddedRegistry.Builder builder) {
      EmbeddedRegistry seed = EmbeddedRegistry.start();
      ImageSeeder.to(seed.baseUrl()).pushImage("library/app", "1.0", Platform.LINUX_AMD64, 1, 64);
      EmbeddedRegistry limited = builder.storageOf(seed).start();
      seed.close();
      return limited;
    }

    @Test
    void manifestAnswersCarryTheLimitAndOnlyGetsConsumeIt() {
      try (EmbeddedRegistry registry =
          seeded(EmbeddedRegistry.builder().rateLimit(100, 100, Duration.ofHours(6)))) {
        Answer head = pull(registry, true);
        Answer get = pull(registry, false);
        Answer headAfter = pull(registry, true);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("ratelimit-limit")).isEqualTo("100;w=21600");
        assertThat(head.header("ratelimit-remaining")).isEqualTo("100;w=21600");
        assertThat(head.header("docker-ratelimit-source")).isEqualTo("127.0.0.1");
        assertThat(get.header("ratelimit-remaining")).isEqualTo("99;w=21600");
        assertThat(headAfter.header("ratelimit-remaining")).isEqualTo("99;w=21600");
        assertThat(registry.rateLimitRemaining()).hasValue(99);
        assertThat(send(get(registry, "/v2/")).header("ratelimit-limit")).isNull();
      }
    }

    @Test
    void exhaustedLimitAnswersTooManyRequestsWithRetryAfter() {
      try (EmbeddedRegistry registry =
          seeded(EmbeddedRegistry.builder().rateLimit(100, 0, Duration.ofHours(6)))) {
        Answer get = pull(registry, false);
        Answer head = pull(registry, true);

        assertThat(get.status()).isEqualTo(429);
        assertThat(get.header("Retry-After")).isEqualTo("21600");
        assertThat(get.header("ratelimit-remaining")).isEqualTo("0;w=21600");
        assertThat(get.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(get.body())
            .isEqualTo(
                "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your"
                    + " pull rate limit. You may increase the limit by authenticating and"
                    + " upgrading: https://www.docker.com/increase-rate-limits\"}]}");
        assertThat(head.status()).isEqualTo(429);
        assertThat(send(get(registry, "/v2/library/app/tags/list")).status()).isEqualTo(200);
      }
    }

    @Test
    void lastPullSucceedsAndTheNextIsRefused() {
      try (EmbeddedRegistry registry =
          seeded(EmbeddedRegistry.builder().rateLimit(10, 1, Duration.ofMinutes(1)))) {
        Answer last = pull(registry, false);
        Answer refused = pull(registry, false);

        assertThat(last.status()).isEqualTo(200);
        assertThat(last.header("ratelimit-remaining")).isEqualTo("0;w=60");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("60");
      }
    }

    @Test
    void authenticationComesBeforeTheLimit() {
      try (EmbeddedRegistry registry =
          seeded(
              EmbeddedRegistry.builder()
                  .basicAuth("alice", "pw")
                  .rateLimit(100, 0, Duration.ofHours(1)))) {
        assertThat(pull(registry, false).status()).isEqualTo(401);
        assertThat(
                send(manifest(registry, "library/app", "1.0")
                        .header("Authorization", Credentials.basic("alice", "pw")))
                    .status())
            .isEqualTo(429);
      }
    }

    @Test
    void limitSettingsOutOfRangeAreRejected() {
      EmbeddedRegistry.Builder builder = EmbeddedRegistry.builder();

      assertThatThrownBy(() -> builder.rateLimit(0, 0, Duration.ofHours(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("limit must be positive but was 0");
      assertThatThrownBy(() -> builder.rateLimit(10, 11, Duration.ofHours(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("remaining must be between 0 and limit 10 but was 11");
      assertThatThrownBy(() -> builder.rateLimit(10, 1, Duration.ofMillis(500)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("window must be at least 1 s but was PT0.5S");
    }
  }

  @Nested
  class Tls {

    private final HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).ecdsa256().build();
    private final HeldCertificate serverCertificate =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(ca)
            .ecdsa256()
            .build();

    @Test
    void httpsRegistryServesClientsThatTrustItsCa() {
      try (EmbeddedRegistry registry = EmbeddedRegistry.builder().tls(serverCertificate).start()) {
        SeededImage image =
            ImageSeeder.to(registry.baseUrl())
                .withTrustedCertificate(ca.certificate())
                .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 128);
        HandshakeCertificates trust =
            new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
        OkHttpClient trusting =
            HTTP.newBuilder()
                .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                .build();

        Answer answer = send(trusting, manifest(registry, "team/app", "1.0").head());

        assertThat(registry.isTls()).isTrue();
        assertThat(registry.baseUrl()).isEqualTo("https://127.0.0.1:" + registry.port());
        assertThat(answer.header("Docker-Content-Digest")).isEqualTo(image.digest());
      }
    }

    @Test
    void clientsThatDoNotTrustTheCaFailTheHandshake() {
      try (EmbeddedRegistry registry = EmbeddedRegistry.builder().tls(serverCertificate).start()) {
        Throwable failure = catchThrowable(() -> send(get(registry, "/v2/")));

        assertThat(failure).isInstanceOf(UncheckedIOException.class);
        assertThat(failure.getCause()).isInstanceOf(SSLException.class);
      }
    }
  }

  @Nested
  class Lifecycle {

    @Test
    void bindsLoopbackAndReleasesThePortOnClose() {
      EmbeddedRegistry registry = EmbeddedRegistry.start();
      String baseUrl = registry.baseUrl();
      assertThat(registry.hostPort()).isEqualTo("127.0.0.1:" + registry.port());
      assertThat(send(get(registry, "/v2/")).status()).isEqualTo(200);

      registry.close();
      registry.close();

      HTTP.connectionPool().evictAll();
      Throwable failure = catchThrowable(() -> send(new Request.Builder().url(baseUrl + "/v2/")));
      assertThat(failure).hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void storageOfServesSeededContentBehindAuthAndSharesNewContent() {
      try (EmbeddedRegistry seed = EmbeddedRegistry.start();
          EmbeddedRegistry secured =
              EmbeddedRegistry.builder().basicAuth("alice", "pw").storageOf(seed).start()) {
        SeededImage image =
            ImageSeeder.to(seed.baseUrl())
                .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 64);
        SeededImage later =
            ImageSeeder.to(secured.baseUrl())
                .withCredentials("alice", "pw")
                .pushImage("team/later", "1.0", Platform.LINUX_AMD64, 1, 64);

        assertThat(send(manifest(secured, "team/app", "1.0")).status()).isEqualTo(401);
        assertThat(
                send(manifest(secured, "team/app", "1.0")
                        .header("Authorization", Credentials.basic("alice", "pw")))
                    .header("Docker-Content-Digest"))
            .isEqualTo(image.digest());
        assertThat(send(manifest(seed, "team/later", "1.0")).header("Docker-Content-Digest"))
            .isEqualTo(later.digest());
      }
    }

    @Test
    void basicAndTokenAuthCannotBeCombined() {
      try (TokenIssuer issuer = TokenIssuer.start()) {
        EmbeddedRegistry.Builder builder =
            EmbeddedRegistry.builder().basicAuth("alice", "pw").tokenAuth(issuer);

        assertThatThrownBy(builder::start)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot be combined");
      }
    }

    @Test
    void basicUserWithColonIsRejected() {
      assertThatThrownBy(() -> EmbeddedRegistry.builder().basicAuth("a:b", "pw"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("user must be non-empty without ':' but was a:b");
    }

    @Test
    void rateLimitRemainingIsEmptyWithoutALimit() {
      try (EmbeddedRegistry registry = EmbeddedRegistry.start()) {
        assertThat(registry.rateLimitRemaining()).isEmpty();
        assertThat(registry.requests()).isEmpty();
        assertThat(Map.of("registry", registry.toString()).get("registry"))
            .startsWith("EmbeddedRegistry[http://127.0.0.1:");
      }
    }
  }
}
