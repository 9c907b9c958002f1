package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.tls.HeldCertificate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Debian {@code docker-registry} (CNCF distribution 2.8) on {@code 127.0.0.1} and a free
 * port, started from a generated {@code config.yml}.
 *
 * <p>Variants are combined with the {@link Builder}: anonymous HTTP (the default), htpasswd Basic
 * auth, TLS, token auth against a {@link TokenIssuer}, and pull-through cache of another registry.
 *
 * <pre>{@code
 * try (RegistryProcess registry = RegistryProcess.builder().start()) {
 *   ImageSeeder.to(registry.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 2, 1024);
 *   // registry.baseUrl() is http://127.0.0.1:PORT
 * }
 * }</pre>
 *
 * <p>To serve seeded images behind auth, either seed through the {@link ImageSeeder} with
 * credentials, or seed an anonymous instance and start the authenticated one on the same storage:
 *
 * <pre>{@code
 * Path storage = Files.createTempDirectory("storage");   // or a JUnit @TempDir
 * try (RegistryProcess seed = RegistryProcess.builder().storage(storage).start()) {
 *   ImageSeeder.to(seed.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
 * }
 * try (RegistryProcess secured =
 *     RegistryProcess.builder().storage(storage).htpasswd("alice", "pw").start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the process and deletes the directory holding the configuration, the
 * log, key material and the storage it created; a storage directory passed to {@link
 * Builder#storage(Path)} is left alone. A JVM shutdown hook kills registries a test forgot to
 * close. Instances are thread-safe.
 */
public final class RegistryProcess implements AutoCloseable {

  /** How long {@link Builder#start()} waits for the registry unless told otherwise. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(RegistryProcess.class);
  private static final int MAX_PORT_ATTEMPTS = 5;
  private static final int LOG_TAIL_LINES = 30;
  private static final Set<RegistryProcess> RUNNING = ConcurrentHashMap.newKeySet();
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> RUNNING.forEach(registry -> registry.process.destroyForcibly()),
                "registry-process-reaper"));
  }

  private final Process process;
  private final int port;
  private final boolean tls;
  private final Path workDirectory;
  private final Path configFile;
  private final Path logFile;
  private final Path storage;
  private @Nullable String finalLog;

  private RegistryProcess(
      Process process,
      int port,
      boolean tls,
      Path workDirectory,
      Path configFile,
      Path logFile,
      Path storage) {
    this.process = process;
    this.port = port;
    this.tls = tls;
    this.workDirectory = workDirectory;
    this.configFile = configFile;
    this.logFile = logFile;
    this.storage = storage;
  }

  /** Returns a builder for an anonymous HTTP registry on fresh temporary storage. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the port the registry listens on. */
  public int port() {
    return port;
  }

  /** Returns {@code 127.0.0.1:PORT}, the registry host as it appears in image references. */
  public String hostPort() {
    return Loopback.hostPort(port);
  }

  /**
   * Returns {@code http://127.0.0.1:PORT} or, with TLS, {@code https://127.0.0.1:PORT}; no trailing
   * slash.
   */
  public String baseUrl() {
    return (tls ? "https://" : "http://") + hostPort();
  }

  /** Returns whether the registry serves HTTPS. */
  public boolean isTls() {
    return tls;
  }

  /** Returns the generated {@code config.yml}; it is deleted by {@link #close()}. */
  public Path configFile() {
    return configFile;
  }

  /** Returns the storage root directory (the filesystem driver's {@code rootdirectory}). */
  public Path storage() {
    return storage;
  }

  /** Returns whether the registry process is still running. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /**
   * Returns everything the registry wrote to stdout and stderr so far (after {@link #close()}:
   * until it stopped), for debugging failed tests. The registry logs no credentials.
   */
  public synchronized String log() {
    if (finalLog != null) {
      return finalLog;
    }
    return readLog(logFile);
  }

  /**
   * Stops the registry (SIGTERM, then SIGKILL after 5 s), waits for it, and deletes the temporary
   * directories it created. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (finalLog != null) {
      return;
    }
    stop(process);
    RUNNING.remove(this);
    finalLog = readLog(logFile);
    deleteRecursively(workDirectory);
    log.debug("docker-registry on {} stopped", hostPort());
  }

  @Override
  public String toString() {
    return "RegistryProcess[" + baseUrl() + ", storage=" + storage + "]";
  }

  /**
   * Settings of a registry to start. Not thread-safe; each call to {@link #start()} starts a new
   * process.
   */
  public static final class Builder {
    private @Nullable Path storage;
    private final Map<String, String> users = new LinkedHashMap<>();
    private @Nullable HeldCertificate serverCertificate;
    private X509Certificate[] intermediates = new X509Certificate[0];
    private @Nullable X509Certificate clientCa;
    private @Nullable TokenIssuer tokenIssuer;
    private @Nullable String proxyRemoteUrl;
    private @Nullable String proxyUsername;
    private @Nullable String proxyPassword;
    private boolean deleteEnabled;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private @Nullable Path workParent;

    private Builder() {}

    /**
     * Creates the process's working directory (configuration, log, support files and, unless {@link
     * #storage} is set, the storage root) under {@code parent} instead of {@code java.io.tmpdir};
     * it is deleted on {@link RegistryProcess#close()} and when the start fails.
     */
    public Builder workIn(Path parent) {
      this.workParent = requireNonNull(parent, "parent");
      return this;
    }

    /**
     * Uses {@code directory} as storage root instead of a fresh temporary directory. Several
     * registries may share one directory, e.g. an anonymous one to seed and an authenticated one to
     * test; {@link RegistryProcess#close()} never deletes it.
     */
    public Builder storage(Path directory) {
      this.storage = requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Requires Basic auth ({@code auth.htpasswd}) and adds a user; call again for more users.
     * Passwords are hashed with bcrypt by Apache's {@code htpasswd}.
     */
    public Builder htpasswd(String user, String password) {
      requireNonNull(user, "user");
      requireNonNull(password, "password");
      users.put(user, password);
      return this;
    }

    /**
     * Serves HTTPS with {@code serverCertificate} and its {@code intermediates} ({@code
     * http.tls.certificate/key}). Use a certificate naming {@code 127.0.0.1} as an IP subject
     * alternative name, unless testing a wrong-host failure.
     */
    public Builder tls(HeldCertificate serverCertificate, X509Certificate... intermediates) {
      this.serverCertificate = requireNonNull(serverCertificate, "serverCertificate");
      this.intermediates = intermediates.clone();
      return this;
    }

    /**
     * With {@link #tls}, requires a client certificate signed by {@code authority} ({@code
     * http.tls.clientcas}): a TLS handshake without one fails, as mutual TLS registries do.
     */
    public Builder clientCa(X509Certificate authority) {
      this.clientCa = requireNonNull(authority, "authority");
      return this;
    }

    /**
     * Requires Bearer tokens from {@code issuer} ({@code auth.token}: realm {@link
     * TokenIssuer#url()}, its service, issuer name and signing certificate as root bundle).
     */
    public Builder tokenAuth(TokenIssuer issuer) {
      this.tokenIssuer = requireNonNull(issuer, "issuer");
      return this;
    }

    /** Makes the registry a pull-through cache of {@code remoteUrl} ({@code proxy.remoteurl}). */
    public Builder proxy(String remoteUrl) {
      this.proxyRemoteUrl = requireNonNull(remoteUrl, "remoteUrl");
      this.proxyUsername = null;
      this.proxyPassword = null;
      return this;
    }

    /**
     * Like {@link #proxy(String)}, logging in to the upstream with {@code username} and {@code
     * password} ({@code proxy.username/password}).
     *
     * <p>Registry 2.8 uses these credentials for token auth only: an upstream that answers with a
     * Basic challenge (htpasswd) is not logged in to, and the mirror then answers 404 {@code
     * MANIFEST_UNKNOWN} as if the image did not exist. Put a {@link TokenIssuer} in front of the
     * upstream instead.
     */
    public Builder proxy(String remoteUrl, String username, String password) {
      this.proxyRemoteUrl = requireNonNull(remoteUrl, "remoteUrl");
      this.proxyUsername = requireNonNull(username, "username");
      this.proxyPassword = requireNonNull(password, "password");
      return this;
    }

    /**
     * Allows {@code DELETE} of manifests and blobs ({@code storage.delete.enabled}); off by
     * default.
     */
    public Builder deleteEnabled(boolean enabled) {
      this.deleteEnabled = enabled;
      return this;
    }

    /** Sets how long {@link #start()} waits for {@code /v2/} to answer; 10 s by default. */
    public Builder startTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive but was " + timeout);
      }
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Writes the configuration, starts {@code docker-registry serve config.yml} and waits until
     * {@code /v2/} answers.
     *
     * @throws org.opentest4j.TestAbortedException if the binary is missing outside CI (see {@link
     *     RegistryBinary#require()})
     * @throws IllegalStateException if the binary is missing in CI, htpasswd and token auth are
     *     both set, or the registry does not answer within the start timeout (the message holds the
     *     log tail)
     */
    public RegistryProcess start() {
      if (!users.isEmpty() && tokenIssuer != null) {
        throw new IllegalStateException(
            "htpasswd and tokenAuth cannot be combined: the registry takes one auth provider");
      }
      Path binary = RegistryBinary.require();
      Path work;
      try {
        work =
            workParent != null
                ? Files.createTempDirectory(workParent, "regdoctor-registry-")
                : Files.createTempDirectory("regdoctor-registry-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary directory", e);
      }
      try {
        return startIn(binary, work);
      } catch (RuntimeException | Error e) {
        deleteRecursively(work);
        throw e;
      }
    }

    private RegistryProcess startIn(Path binary, Path work) {
      try {
        Path root = storage != null ? storage : Files.createDirectory(work.resolve("storage"));
        Map<String, String> files = writeSupportFiles(work);
        Path configFile = work.resolve("config.yml");
        Path logFile = work.resolve("registry.log");
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
          int port = Loopback.freePort();
          Files.writeString(configFile, config(port, root, files), UTF_8);
          restrict(configFile);
          ProcessBuilder command =
              new ProcessBuilder(binary.toString(), "serve", configFile.toString())
                  .directory(work.toFile())
                  .redirectErrorStream(true)
                  .redirectOutput(logFile.toFile());
          // REGISTRY_* variables override config.yml: keep the caller's environment out.
          command.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_"));
          Process process = command.start();
          RegistryProcess registry =
              new RegistryProcess(
                  process, port, serverCertificate != null, work, configFile, logFile, root);
          RUNNING.add(registry);
          Readiness readiness;
          try {
            readiness = awaitReady(registry, started);
          } catch (RuntimeException | Error e) {
            stop(process);
            RUNNING.remove(registry);
            throw e;
          }
          if (readiness == Readiness.READY) {
            log.debug(
                "docker-registry ready at {} in {} ms",
                registry.baseUrl(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return registry;
          }
          stop(process);
          RUNNING.remove(registry);
          String tail = tail(readLog(logFile));
          if (readiness == Readiness.PORT_TAKEN && attempt < MAX_PORT_ATTEMPTS) {
            log.debug("port {} was taken, retrying", port);
            continue;
          }
          throw new IllegalStateException(
              (readiness == Readiness.EXITED
                      ? "docker-registry exited with status " + process.exitValue()
                      : "docker-registry did not answer /v2/ within "
                          + startTimeout.toMillis()
                          + " ms")
                  + " on "
                  + Loopback.hostPort(port)
                  + "; log tail:\n"
                  + tail);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start docker-registry", e);
      }
    }

    private Map<String, String> writeSupportFiles(Path work) throws IOException {
      Map<String, String> files = new LinkedHashMap<>();
      if (!users.isEmpty()) {
        StringBuilder entries = new StringBuilder();
        users.forEach(
            (user, password) -> entries.append(Htpasswd.entry(user, password)).append('\n'));
        Path file = work.resolve("htpasswd");
        Files.writeString(file, entries, UTF_8);
        files.put("htpasswd", file.toString());
      }
      HeldCertificate certificate = serverCertificate;
      if (certificate != null) {
        StringBuilder chain = new StringBuilder(certificate.certificatePem());
        for (X509Certificate intermediate : intermediates) {
          chain.append(Pem.certificate(intermediate));
        }
        Path certificateFile = work.resolve("server.crt");
        Files.writeString(certificateFile, chain, UTF_8);
        Path keyFile = work.resolve("server.key");
        Files.writeString(keyFile, certificate.privateKeyPkcs8Pem(), UTF_8);
        restrict(keyFile);
        files.put("certificate", certificateFile.toString());
        files.put("key", keyFile.toString());
        X509Certificate authority = clientCa;
        if (authority != null) {
          Path clientCaFile = work.resolve("client-ca.crt");
          Files.writeString(clientCaFile, Pem.certificate(authority), UTF_8);
          files.put("clientca", clientCaFile.toString());
        }
      }
      TokenIssuer issuer = tokenIssuer;
      if (issuer != null) {
        files.put(
            "rootcertbundle", issuer.rootCertBundle(work.resolve("token-issuer.pem")).toString());
      }
      return files;
    }

    private String config(int port, Path root, Map<String, String> files) {
      byte[] secret = new byte[16];
      new SecureRandom().nextBytes(secret);
      StringBuilder yaml = new StringBuilder();
      yaml.append("# Generated by regdoctor-testkit RegistryProcess.\n");
      yaml.append("version: 0.1\n");
      yaml.append("log:\n  level: info\n  formatter: text\n  accesslog:\n    disabled: true\n");
      yaml.append("storage:\n  filesystem:\n    rootdirectory: ")
          .append(quote(root.toString()))
          .append('\n');
      yaml.append("  delete:\n    enabled: ").append(deleteEnabled).append('\n');
      yaml.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
      yaml.append("http:\n  addr: ").append(quote(Loopback.hostPort(port))).append('\n');
      yaml.append("  secret: ").append(quote(HexFormat.of().formatHex(secret))).append('\n');
      if (files.containsKey("certificate")) {
        yaml.append("  tls:\n    certificate: ")
            .append(quote(files.get("certificate")))
            .append('\n');
        yaml.append("    key: ").append(quote(files.get("key"))).append('\n');
        if (files.containsKey("clientca")) {
          yaml.append("    clientcas:\n      - ").append(quote(files.get("clientca"))).append('\n');
        }
      }
      if (files.containsKey("htpasswd")) {
        yaml.append("auth:\n  htpasswd:\n    realm: \"regdoctor-test\"\n    path: ")
            .append(quote(files.get("htpasswd")))
            .append('\n');
      }
      TokenIssuer issuer = tokenIssuer;
      if (issuer != null) {
        yaml.append("auth:\n  token:\n    realm: ").append(quote(issuer.url())).append('\n');
        yaml.append("    service: ").append(quote(issuer.service())).append('\n');
        yaml.append("    issuer: ").append(quote(issuer.issuerName())).append('\n');
        yaml.append("    rootcertbundle: ").append(quote(files.get("rootcertbundle"))).append('\n');
      }
      String remote = proxyRemoteUrl;
      if (remote != null) {
        yaml.append("proxy:\n  remoteurl: ").append(quote(remote)).append('\n');
        if (proxyUsername != null && proxyPassword != null) {
          yaml.append("  username: ").append(quote(proxyUsername)).append('\n');
          yaml.append("  password: ").append(quote(proxyPassword)).append('\n');
        }
      }
      yaml.append("health:\n  storagedriver:\n    enabled: false\n");
      return yaml.toString();
    }

    private Readiness awaitReady(RegistryProcess registry, long startedNanos) {
      long deadline = startedNanos + startTimeout.toNanos();
      String listening = "listening on " + registry.hostPort();
      OkHttpClient probe = probeClient();
      Request ping = new Request.Builder().url(registry.baseUrl() + "/v2/").build();
      try {
        while (System.nanoTime() < deadline) {
          if (!registry.process.isAlive()) {
            return readLog(registry.logFile).contains("address already in use")
                ? Readiness.PORT_TAKEN
                : Readiness.EXITED;
          }
          // The log line proves our process owns the port before the probe trusts an answer.
          if (readLog(registry.logFile).contains(listening)) {
            try {
              // Any HTTP answer (200, or 401 with auth) means the registry serves requests.
              probe.newCall(ping).execute().close();
              return Readiness.READY;
            } catch (javax.net.ssl.SSLException refusedWithoutClientCertificate) {
              if (clientCa != null) {
                return Readiness.READY; // a TLS alert for the missing client certificate
              }
            } catch (IOException notYet) {
              // Not accepting yet; try again.
            }
          }
          try {
            Thread.sleep(15);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Readiness.TIMED_OUT;
          }
        }
        return Readiness.TIMED_OUT;
      } finally {
        probe.connectionPool().evictAll();
      }
    }

    private OkHttpClient probeClient() {
      OkHttpClient.Builder client =
          new OkHttpClient.Builder()
              .connectTimeout(Duration.ofMillis(500))
              .readTimeout(Duration.ofSeconds(2))
              .writeTimeout(Duration.ofSeconds(2))
              .callTimeout(Duration.ofSeconds(3))
              .retryOnConnectionFailure(false);
      HeldCertificate certificate = serverCertificate;
      if (certificate != null) {
        PinnedCertificate pin = new PinnedCertificate(certificate.certificate());
        client.sslSocketFactory(pin.socketFactory(), pin).hostnameVerifier(pin);
      }
      return client.build();
    }
  }

  private enum Readiness {
    READY,
    PORT_TAKEN,
    EXITED,
    TIMED_OUT
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String quote(String value) {
    try {
      // A JSON string is a valid YAML double-quoted scalar.
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON encoding failed", e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system; the temporary directory is private enough.
    }
  }

  private static String readLog(Path logFile) {
    try {
      return new String(Files.readAllBytes(logFile), UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join(
        "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
  }

  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
      for (Path path : paths) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      log.debug("could not delete {} completely", directory, e);
    }
  }
}
