package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.tls.HandshakeCertificates;
import org.jspecify.annotations.Nullable;

/**
 * Pushes deterministic images into a running registry through the registry HTTP API.
 *
 * <p>Blobs go up monolithically ({@code POST /v2/<name>/blobs/uploads/}, then {@code PUT
 * <location>?digest=}), skipped when a {@code HEAD} finds them; manifests with {@code PUT
 * /v2/<name>/manifests/<reference>}. Layers are gzip-compressed tar archives of one file of
 * pseudo-random bytes, so {@code skopeo} and real runtimes can read them, and the config's {@code
 * rootfs.diff_ids} are the digests of the uncompressed archives. The same call always produces the
 * same digests.
 *
 * <p>Registries with auth: {@link #withCredentials(String, String)} answers a Basic challenge and
 * fetches a Bearer token (scope {@code repository:<name>:pull,push}) from the realm of a token
 * challenge; the user needs push rights there. Alternatively seed an anonymous {@link
 * RegistryProcess} and start the authenticated one on the same {@link RegistryProcess#storage()}. A
 * pull-through cache cannot be pushed to: seed its upstream.
 *
 * <pre>{@code
 * SeededImage image = ImageSeeder.to(registry.baseUrl())
 *     .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 2, 4096);
 * SeededIndex index = ImageSeeder.to(registry.baseUrl())
 *     .pushIndex("team/multi", "1.0", List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; failures throw {@link IllegalStateException} with the
 * method, URL path, status and response body (never credentials).
 */
public final class ImageSeeder {

  /** Layer count of each per-platform image that {@code pushIndex} creates. */
  public static final int INDEX_LAYER_COUNT = 1;

  /** Layer file size of each per-platform image that {@code pushIndex} creates, in bytes. */
  public static final int INDEX_LAYER_BYTES = 1024;

  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
  private static final int MAX_ERROR_BODY_CHARS = 2000;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpUrl baseUrl;
  private final OkHttpClient client;
  private final @Nullable String username;
  private final @Nullable String password;
  private final List<X509Certificate> trusted;
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();

  private ImageSeeder(
      HttpUrl baseUrl,
      @Nullable String username,
      @Nullable String password,
      List<X509Certificate> trusted) {
    this.baseUrl = baseUrl;
    this.username = username;
    this.password = password;
    this.trusted = List.copyOf(trusted);
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(15))
            .writeTimeout(Duration.ofSeconds(15))
            .callTimeout(Duration.ofSeconds(30))
            .followRedirects(false);
    if (!trusted.isEmpty()) {
      HandshakeCertificates.Builder certificates = new HandshakeCertificates.Builder();
      trusted.forEach(certificates::addTrustedCertificate);
      HandshakeCertificates built = certificates.build();
      builder.sslSocketFactory(built.sslSocketFactory(), built.trustManager());
    }
    this.client = builder.build();
  }

  /**
   * Returns a seeder for the registry at {@code baseUrl}, e.g. {@link RegistryProcess#baseUrl()}
   * ({@code http://127.0.0.1:PORT}).
   *
   * @throws IllegalArgumentException if {@code baseUrl} is not an http or https URL
   */
  public static ImageSeeder to(String baseUrl) {
    requireNonNull(baseUrl, "baseUrl");
    HttpUrl url = HttpUrl.parse(baseUrl);
    if (url == null) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL but was " + baseUrl);
    }
    return new ImageSeeder(url, null, null, List.of());
  }

  /** Returns a seeder that logs in as {@code username} when the registry challenges it. */
  public ImageSeeder withCredentials(String username, String password) {
    return new ImageSeeder(
        baseUrl,
        requireNonNull(username, "username"),
        requireNonNull(password, "password"),
        trusted);
  }

  /**
   * Returns a seeder that trusts {@code certificate} (a test CA, or a self-signed server
   * certificate) for HTTPS, instead of the JDK's default roots; also for the token realm.
   */
  public ImageSeeder withTrustedCertificate(X509Certificate certificate) {
    List<X509Certificate> roots = new ArrayList<>(trusted);
    roots.add(requireNonNull(certificate, "certificate"));
    return new ImageSeeder(baseUrl, username, password, roots);
  }

  /**
   * Pushes a single-platform OCI image; see {@link #pushImage(String, String, Platform, int, int,
   * ManifestFormat)}.
   */
  public SeededImage pushImage(
      String repository, String tag, Platform platform, int layerCount, int layerBytes) {
    return pushImage(repository, tag, platform, layerCount, layerBytes, ManifestFormat.OCI);
  }

  /**
   * Pushes a single-platform image and tags it.
   *
   * @param repository e.g. {@code team/app}
   * @param tag e.g. {@code 1.0}
   * @param platform written to the config's {@code os}, {@code architecture} and {@code variant}
   * @param layerCount number of layers, zero or more
   * @param layerBytes size of the file inside each layer, in bytes (the gzip is slightly larger,
   *     the content being incompressible)
   * @param format OCI or Docker media types
   * @return the pushed image
   */
  public SeededImage pushImage(
      String repository,
      String tag,
      Platform platform,
      int layerCount,
      int layerBytes,
      ManifestFormat format) {
    requireNonNull(tag, "tag");
    try {
      return pushSingle(repository, tag, tag, platform, layerCount, layerBytes, format);
    } finally {
      client.connectionPool().evictAll();
    }
  }

  /**
   * Pushes an OCI image index tagged {@code tag} with one image per platform ({@value
   * #INDEX_LAYER_COUNT} layer of {@value #INDEX_LAYER_BYTES} bytes each, pushed by digest).
   */
  public SeededIndex pushIndex(String repository, String tag, List<Platform> platforms) {
    return pushIndex(repository, tag, platforms, ManifestFormat.OCI);
  }

  /**
   * Pushes a multi-platform image: an OCI image index ({@link ManifestFormat#OCI}) or a Docker
   * manifest list ({@link ManifestFormat#DOCKER}) tagged {@code tag}, whose entries are images of
   * the same format, one per platform, pushed by digest.
   *
   * @throws IllegalArgumentException if {@code platforms} is empty
   */
  public SeededIndex pushIndex(
      String repository, String tag, List<Platform> platforms, ManifestFormat format) {
    requireNonNull(tag, "tag");
    requireNonNull(format, "format");
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException(
          "platforms must not be empty for " + repository + ":" + tag);
    }
    try {
      List<SeededImage> images = new ArrayList<>();
      ObjectNode index = json.createObjectNode();
      index.put("schemaVersion", 2);
      index.put("mediaType", format.indexMediaType());
      ArrayNode entries = index.putArray("manifests");
      for (Platform platform : platforms) {
        SeededImage image =
            pushSingle(
                repository,
                tag + "|" + platform,
                null,
                platform,
                INDEX_LAYER_COUNT,
                INDEX_LAYER_BYTES,
                format);
        images.add(image);
        ObjectNode entry = entries.addObject();
        entry.put("mediaType", image.mediaType());
        entry.put("digest", image.digest());
        entry.put("size", image.size());
        entry.set("platform", platformJson(platform, "architecture", "os"));
      }
      byte[] body = bytes(index);
      String digest = pushManifest(repository, tag, format.indexMediaType(), body);
      return new SeededIndex(repository, tag, digest, format.indexMediaType(), body.length, images);
    } finally {
      client.connectionPool().evictAll();
    }
  }

  /**
   * Uploads {@code content} as a blob of {@code repository} unless it is already there, and returns
   * its digest.
   */
  public String pushBlob(String repository, byte[] content) {
    requireNonNull(repository, "repository");
    String digest = LayerArchive.digest(content);
    HttpUrl blob = url("/v2/" + repository + "/blobs/" + digest);
    try (Response head = send(new Request.Builder().url(blob).head().build(), repository)) {
      if (head.code() == 200) {
        return digest;
      }
    }
    HttpUrl uploads = url("/v2/" + repository + "/blobs/uploads/");
    String location;
    try (Response started =
        send(
            new Request.Builder().url(uploads).post(RequestBody.create(new byte[0], null)).build(),
            repository)) {
      expect(started, 202);
      location = started.header("Location");
    }
    HttpUrl upload = location == null ? null : baseUrl.resolve(location);
    if (upload == null) {
      throw new IllegalStateException(
          "POST " + uploads.encodedPath() + " answered 202 without a usable Location");
    }
    HttpUrl put = upload.newBuilder().addQueryParameter("digest", digest).build();
    try (Response finished =
        send(
            new Request.Builder().url(put).put(RequestBody.create(content, OCTET_STREAM)).build(),
            repository)) {
      expect(finished, 201);
    }
    return digest;
  }

  /**
   * Uploads a manifest of any media type under {@code reference} (a tag or its digest) and returns
   * its digest. The referenced blobs and manifests must already be in the repository.
   */
  public String pushManifest(String repository, String reference, String mediaType, byte[] body) {
    requireNonNull(repository, "repository");
    requireNonNull(reference, "reference");
    requireNonNull(mediaType, "mediaType");
    String digest = LayerArchive.digest(body);
    HttpUrl manifest = url("/v2/" + repository + "/manifests/" + reference);
    Request put =
        new Request.Builder()
            .url(manifest)
            .put(RequestBody.create(body, MediaType.get(mediaType)))
            .build();
    try (Response response = send(put, repository)) {
      expect(response, 201);
      String answered = response.header("Docker-Content-Digest");
      if (answered != null && !answered.equals(digest)) {
        throw new IllegalStateException(
            "PUT "
                + manifest.encodedPath()
                + " stored digest "
                + answered
                + " but the body hashes to "
                + digest);
      }
    }
    return digest;
  }

  @Override
  public String toString() {
    return "ImageSeeder[" + baseUrl + (username == null ? "" : ", user=" + username) + "]";
  }

  private SeededImage pushSingle(
      String repository,
      String seed,
      @Nullable String tag,
      Platform platform,
      int layerCount,
      int layerBytes,
      ManifestFormat format) {
    requireNonNull(repository, "repository");
    requireNonNull(platform, "platform");
    requireNonNull(format, "format");
    if (layerCount < 0 || layerBytes < 0) {
      throw new IllegalArgumentException(
          "layerCount and layerBytes must not be negative but were "
              + layerCount
              + " and "
              + layerBytes);
    }
    List<String> layerDigests = new ArrayList<>();
    List<Long> layerSizes = new ArrayList<>();
    ObjectNode config = json.createObjectNode();
    config.setAll(platformJson(platform, "architecture", "os"));
    config.put("created", "1970-01-01T00:00:00Z");
    config.putObject("config").putArray("Cmd").add("/layer-0.bin");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    ArrayNode history = config.putArray("history");
    for (int i = 0; i < layerCount; i++) {
      LayerArchive layer =
          LayerArchive.of(
              repository + "|" + seed + "|" + platform + "|" + i + "|" + layerBytes,
              "layer-" + i + ".bin",
              layerBytes);
      layerDigests.add(pushBlob(repository, layer.gzip()));
      layerSizes.add((long) layer.gzip().length);
      diffIds.add(LayerArchive.digest(layer.tar()));
      ObjectNode step = history.addObject();
      step.put("created", "1970-01-01T00:00:00Z");
      step.put("created_by", "regdoctor-testkit layer " + i);
    }
    byte[] configBytes = bytes(config);
    String configDigest = pushBlob(repository, configBytes);

    ObjectNode manifest = json.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", format.manifestMediaType());
    ObjectNode configRef = manifest.putObject("config");
    configRef.put("mediaType", format.configMediaType());
    configRef.put("digest", configDigest);
    configRef.put("size", configBytes.length);
    ArrayNode layers = manifest.putArray("layers");
    for (int i = 0; i < layerCount; i++) {
      ObjectNode layer = layers.addObject();
      layer.put("mediaType", format.layerMediaType());
      layer.put("digest", layerDigests.get(i));
      layer.put("size", layerSizes.get(i));
    }
    byte[] manifestBytes = bytes(manifest);
    String digest = LayerArchive.digest(manifestBytes);
    pushManifest(repository, tag != null ? tag : digest, format.manifestMediaType(), manifestBytes);
    return new SeededImage(
        repository,
        tag,
        digest,
        format.manifestMediaType(),
        manifestBytes.length,
        configDigest,
        layerDigests,
        platform);
  }

  private ObjectNode platformJson(Platform platform, String architectureField, String osField) {
    ObjectNode node = json.createObjectNode();
    node.put(architectureField, platform.architecture());
    node.put(osField, platform.os());
    if (platform.variant() != null) {
      node.put("variant", platform.variant());
    }
    return node;
  }

  /**
   * Sends {@code request} with the cached authorization for {@code repository}, logging in once on
   * 401.
   */
  private Response send(Request request, String repository) {
    Response response = execute(authorized(request, repository));
    if (response.code() != 401) {
      return response;
    }
    Challenge challenge = Challenge.parse(response.header("WWW-Authenticate"));
    if (challenge == null || !login(challenge, repository)) {
      return response;
    }
    response.close();
    return execute(authorized(request, repository));
  }

  private Request authorized(Request request, String repository) {
    String authorization = authorizations.get(repository);
    return authorization == null
        ? request
        : request.newBuilder().header("Authorization", authorization).build();
  }

  /** Stores an Authorization value for {@code repository}; returns false when it cannot. */
  private boolean login(Challenge challenge, String repository) {
    if (challenge.scheme().equals("basic")) {
      if (username == null || password == null) {
        return false;
      }
      authorizations.put(repository, Credentials.basic(username, password, UTF_8));
      return true;
    }
    if (!challenge.scheme().equals("bearer")) {
      return false;
    }
    String realm = challenge.parameters().get("realm");
    HttpUrl realmUrl = realm == null ? null : HttpUrl.parse(realm);
    if (realmUrl == null) {
      return false;
    }
    HttpUrl.Builder tokenUrl = realmUrl.newBuilder();
    String service = challenge.parameters().get("service");
    if (service != null) {
      tokenUrl.addQueryParameter("service", service);
    }
    tokenUrl.addQueryParameter("scope", "repository:" + repository + ":pull,push");
    Request.Builder tokenRequest = new Request.Builder().url(tokenUrl.build());
    if (username != null && password != null) {
      tokenUrl.addQueryParameter("account", username);
      tokenRequest
          .url(tokenUrl.build())
          .header("Authorization", Credentials.basic(username, password, UTF_8));
    }
    try (Response response = execute(tokenRequest.build())) {
      expect(response, 200);
      ResponseBody body = response.body();
      JsonNode token = json.readTree(body.string());
      String value = token.path("token").asText(token.path("access_token").asText(""));
      if (value.isEmpty()) {
        throw new IllegalStateException(
            "token response from " + realmUrl.encodedPath() + " holds no token");
      }
      authorizations.put(repository, "Bearer " + value);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read token response from " + realmUrl.redact(), e);
    }
  }

  private Response execute(Request request) {
    try {
      return client.newCall(request).execute();
    } catch (IOException e) {
      throw new UncheckedIOException(
          request.method() + " " + request.url().redact() + " failed", e);
    }
  }

  private void expect(Response response, int status) {
    if (response.code() == status) {
      return;
    }
    String body;
    try {
      body = response.body().string();
    } catch (IOException e) {
      body = "<unreadable: " + e + ">";
    }
    if (body.length() > MAX_ERROR_BODY_CHARS) {
      body = body.substring(0, MAX_ERROR_BODY_CHARS) + "…";
    }
    throw new IllegalStateException(
        response.request().method()
            + " "
            + response.request().url().encodedPath()
            + " answered "
            + response.code()
            + " (expected "
            + status
            + "): "
            + body);
  }

  private HttpUrl url(String path) {
    HttpUrl url = baseUrl.resolve(path);
    if (url == null) {
      throw new IllegalArgumentException("cannot resolve " + path + " against " + baseUrl);
    }
    return url;
  }

  private byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON encoding failed", e);
    }
  }
}
