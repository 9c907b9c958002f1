package dev.regdoctor.internal.http;

import dev.regdoctor.endpoint.ResolveOverride;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * The OkHttp wiring of one {@link RegistryClient}: one connection pool and dispatcher, explicit
 * timeouts, a DNS lookup bounded by its own timeout and honouring {@code --resolve} overrides, a
 * trust manager that records the chain a server presents, and a second client sharing the pool with
 * TLS verification off for registries marked insecure. Redirects are never followed by OkHttp;
 * {@link Exchange} follows them with its own credential rules.
 */
public final class Transport implements AutoCloseable {
  public static final ThreadLocal<PhaseRecorder> CURRENT = new ThreadLocal<>();

  /** Plain HTTP only: building it loads no TLS classes and no trust store. */
  private final OkHttpClient cleartext;

  /** The two TLS clients, built on the first HTTPS request (most of a cold start otherwise). */
  private volatile @Nullable TlsClients tls;

  private final HostResolver resolver;
  private final ProbeSettings settings;
  private final boolean portSpecificOverrides;
  private final java.util.concurrent.ConcurrentHashMap<String, OkHttpClient> byPort =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final ExecutorService dnsExecutor;

  public Transport(ProbeSettings settings, HostResolver resolver) {
    this.resolver = resolver;
    this.settings = settings;
    this.portSpecificOverrides =
        settings.resolveOverrides().stream().anyMatch(override -> override.port() != 0);
    this.dnsExecutor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "regdoctor-dns");
              thread.setDaemon(true);
              return thread;
            });
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(64);
    dispatcher.setMaxRequestsPerHost(16);
    OkHttpClient.Builder base =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(16, 2, TimeUnit.MINUTES))
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.readTimeout())
            .writeTimeout(settings.writeTimeout())
            .callTimeout(settings.callTimeout())
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
            .addNetworkInterceptor(new ConnectionGuard())
            .addNetworkInterceptor(ProxyCredentials.INSTANCE)
            .proxyAuthenticator(ProxyCredentials.INSTANCE)
            .dns(
                new BoundedDns(
                    resolver,
                    overridesFor(settings.resolveOverrides(), 0),
                    settings.dnsTimeout(),
                    dnsExecutor))
            .eventListenerFactory(
                call -> {
                  PhaseRecorder recorder = call.request().tag(PhaseRecorder.class);
                  return recorder == null ? okhttp3.EventListener.NONE : recorder;
                });
    if (settings.proxySelector() != null) {
      base.proxySelector(settings.proxySelector());
    }
    this.cleartext = base.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
    if (!settings.caCertificates().isEmpty() || !settings.clientCertificates().isEmpty()) {
      // CA files and client keys are for TLS, and a file that cannot be read must fail here, not
      // in the first check
      this.tls = TlsClients.create(cleartext, settings);
    }
  }

  /** Returns the client for {@code https} (verifying TLS or not) or plain HTTP requests. */
  public OkHttpClient client(boolean verifyTls, boolean https) {
    if (!https) {
      return cleartext;
    }
    TlsClients clients = tlsClients();
    return verifyTls ? clients.verifying() : clients.unverified();
  }

  /** Returns whether an HTTPS request has built the TLS clients (trust store, SSL context). */
  boolean tlsStarted() {
    return tls != null;
  }

  private TlsClients tlsClients() {
    TlsClients clients = tls;
    if (clients == null) {
      synchronized (this) {
        clients = tls;
        if (clients == null) {
          clients = TlsClients.create(cleartext, settings);
          tls = clients;
        }
      }
    }
    return clients;
  }

  /** The verifying and the trust-all client, sharing the cleartext client's pool and dispatcher. */
  private record TlsClients(OkHttpClient verifying, OkHttpClient unverified) {
    static TlsClients create(OkHttpClient cleartext, ProbeSettings settings) {
      OkHttpClient.Builder base =
          cleartext
              .newBuilder()
              .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT));
      X509ExtendedTrustManager trust =
          new RecordingTrustManager(trustManager(settings.caCertificates()));
      KeyManager[] keys = ClientKeys.keyManagers(settings.clientCertificates());
      OkHttpClient verifying =
          base.sslSocketFactory(sslContext(keys, trust).getSocketFactory(), trust).build();
      X509ExtendedTrustManager trustAll = new RecordingTrustManager(new AcceptingTrustManager());
      OkHttpClient unverified =
          verifying
              .newBuilder()
              .sslSocketFactory(sslContext(keys, trustAll).getSocketFactory(), trustAll)
              .hostnameVerifier((host, session) -> true)
              .build();
      return new TlsClients(verifying, unverified);
    }
  }

  /**
   * Returns the client for a request to {@code port}. Overrides such as {@code --resolve
   * host:5000:127.0.0.1} apply to that port only, like curl's; OkHttp's DNS hook does not see the
   * port, so such ports get a client of their own (sharing the pool and dispatcher).
   */
  public OkHttpClient client(boolean verifyTls, boolean https, int port) {
    OkHttpClient base = client(verifyTls, https);
    if (!portSpecificOverrides
        || settings.resolveOverrides().stream().noneMatch(override -> override.port() == port)) {
      return base;
    }
    return byPort.computeIfAbsent(
        verifyTls + ":" + https + ":" + port,
        key ->
            base.newBuilder()
                .dns(
                    new BoundedDns(
                        resolver,
                        overridesFor(settings.resolveOverrides(), port),
                        settings.dnsTimeout(),
                        dnsExecutor))
                .build());
  }

  /**
   * Returns the addresses {@code host} resolves to with this transport's resolver, bounded by the
   * DNS timeout, without {@code --resolve} overrides (they redirect this tool's connections, not
   * the machine's resolver a runtime asks); empty when it does not resolve in time.
   */
  public List<InetAddress> addresses(String host) {
    try {
      return new BoundedDns(resolver, List.of(), settings.dnsTimeout(), dnsExecutor).lookup(host);
    } catch (UnknownHostException | RuntimeException e) {
      return List.of();
    }
  }

  /** Returns the overrides for {@code port}: wildcard ones ({@code *}), then those for the port. */
  public static List<ResolveOverride> overridesFor(List<ResolveOverride> all, int port) {
    List<ResolveOverride> chosen = new ArrayList<>();
    all.stream().filter(override -> override.port() == 0).forEach(chosen::add);
    if (port != 0) {
      all.stream().filter(override -> override.port() == port).forEach(chosen::add);
    }
    return chosen;
  }

  @Override
  public void close() {
    // the TLS clients share this dispatcher and pool
    cleartext.dispatcher().executorService().shutdown();
    cleartext.connectionPool().evictAll();
    dnsExecutor.shutdownNow();
  }

  private static SSLContext sslContext(KeyManager @Nullable [] keys, TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available in this JVM", e);
    }
  }

  /** Returns the JVM's trust, plus every certificate in {@code pemFiles}. */
  public static X509ExtendedTrustManager trustManager(List<Path> pemFiles) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (pemFiles.isEmpty()) {
        factory.init((KeyStore) null);
        return firstX509(factory.getTrustManagers());
      }
      TrustManagerFactory defaults =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      defaults.init((KeyStore) null);
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (X509Certificate certificate :
          firstX509(defaults.getTrustManagers()).getAcceptedIssuers()) {
        store.setCertificateEntry("jvm-" + index++, certificate);
      }
      for (Path file : pemFiles) {
        for (Certificate certificate : readCertificates(file)) {
          store.setCertificateEntry("ca-" + index++, certificate);
        }
      }
      factory.init(store);
      return firstX509(factory.getTrustManagers());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the trust store: " + e.getMessage(), e);
    }
  }

  public static List<Certificate> readCertificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<Certificate> certificates =
          new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("caCertificate " + file + ": no PEM certificate found");
      }
      return certificates;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "caCertificate " + file + ": cannot read: " + e.getMessage(), e);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          "caCertificate " + file + ": not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager firstX509(TrustManager[] managers) {
    return Arrays.stream(managers)
        .filter(X509ExtendedTrustManager.class::isInstance)
        .map(X509ExtendedTrustManager.class::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no X509 trust manager in this JVM"));
  }

  /** Bounds DNS with its own timeout (OkHttp cannot cancel a lookup) and applies overrides. */
  public static final class BoundedDns implements Dns {
    private final HostResolver resolver;
    private final Map<String, InetAddress> overrides = new HashMap<>();
    private final Duration timeout;
    private final ExecutorService executor;

    public BoundedDns(
        HostResolver resolver,
        List<ResolveOverride> list,
        Duration timeout,
        ExecutorService executor) {
      this.resolver = resolver;
      this.timeout = timeout;
      this.executor = executor;
      for (ResolveOverride override : list) {
        overrides.put(override.host(), override.inetAddress());
      }
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
      InetAddress override = overrides.get(hostname.toLowerCase(Locale.ROOT));
      if (override != null) {
        return allowed(hostname, List.of(override));
      }
      Future<List<InetAddress>> lookup = executor.submit(() -> resolver.resolve(hostname));
      try {
        List<InetAddress> addresses = lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (addresses.isEmpty()) {
          throw new UnknownHostException(hostname + ": no addresses");
        }
        return allowed(hostname, addresses);
      } catch (TimeoutException e) {
        lookup.cancel(true);
        throw new DnsTimeoutException(hostname, timeout);
      } catch (InterruptedException e) {
        lookup.cancel(true);
        Thread.currentThread().interrupt();
        throw new UnknownHostException(hostname + ": lookup interrupted");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownHostException unknown) {
          throw unknown;
        }
        UnknownHostException wrapped = new UnknownHostException(hostname + ": " + e.getCause());
        wrapped.initCause(e.getCause());
        throw wrapped;
      }
    }
  }

  /**
   * Keeps the addresses the request being sent may go to ({@link Destinations}), so that OkHttp
   * connects only to those; refuses the lookup when none is left.
   */
  static List<InetAddress> allowed(String hostname, List<InetAddress> addresses)
      throws RefusedDestinationException {
    Destinations destinations = Destinations.active();
    if (destinations == null) {
      return addresses;
    }
    List<InetAddress> kept = new ArrayList<>(addresses.size());
    String firstProblem = null;
    for (InetAddress address : addresses) {
      String problem = destinations.problem(hostname, address);
      if (problem == null) {
        kept.add(address);
      } else if (firstProblem == null) {
        firstProblem = problem;
      }
    }
    if (kept.isEmpty()) {
      throw new RefusedDestinationException(firstProblem);
    }
    return kept;
  }

  /** A DNS lookup that did not answer in time. */
  public static final class DnsTimeoutException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    public DnsTimeoutException(String host, Duration timeout) {
      super(host + ": DNS lookup timed out after " + timeout.toMillis() + " ms");
    }
  }

  /** Records the chain a server presents before delegating the trust decision. */
  public static final class RecordingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    public RecordingTrustManager(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    private static void record(X509Certificate[] chain) {
      PhaseRecorder recorder = CURRENT.get();
      if (recorder != null && chain != null) {
        recorder.presentedChain(List.of(chain));
      }
    }

    @Override
    public void checkServerTrusted(
        X509Certificate[] chain, String authType, @Nullable Socket socket)
        throws CertificateException {
      record(chain);
      delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(
        X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
        throws CertificateException {
      record(chain);
      delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      record(chain);
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, @Nullable Socket socket)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  /**
   * Accepts every server certificate. Used only for registries the user explicitly marked insecure,
   * as Docker does for {@code insecure-registries}; the report then says TLS was not verified.
   */
  public static final class AcceptingTrustManager extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(
        X509Certificate[] chain, String authType, @Nullable Socket socket) {}

    @Override
    public void checkServerTrusted(
        X509Certificate[] chain, String authType, @Nullable SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, @Nullable Socket socket)
        throws CertificateException {
      throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
