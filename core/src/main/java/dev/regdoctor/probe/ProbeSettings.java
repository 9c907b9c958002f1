package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.endpoint.CertificateFiles.ClientCertificate;
import dev.regdoctor.endpoint.ProxySettings;
import dev.regdoctor.endpoint.ResolveOverride;
import dev.regdoctor.internal.http.Version;
import dev.regdoctor.internal.probe.Durations;
import dev.regdoctor.reference.Platform;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link RegistryClient} probes: timeouts, the overall deadline, trust, insecure registries,
 * proxy, DNS overrides and the platform to check. Immutable; build with {@link #builder()} or start
 * from {@link #defaults()}.
 *
 * <p>Defaults: connect 5 s, read 10 s, write 10 s, per request 15 s, DNS 5 s, deadline per image 30
 * s, 3 attempts for transient failures, 5 redirects, platform {@code linux/amd64}, JVM trust store
 * plus any {@link Builder#caCertificate CA files}, the JVM's default proxy selector.
 */
public final class ProbeSettings {
  /**
   * The smallest {@link Builder#pullSampleBytes pull-test sample}: 1 KiB (1,024 bytes). Tools that
   * take the sample size (the command line's {@code --sample-size}, {@code serve}'s {@code
   * sampleSize}) check and describe their range with this constant and {@link
   * #MAX_PULL_SAMPLE_BYTES}.
   */
  public static final long MIN_PULL_SAMPLE_BYTES = 1024;

  /** The largest {@link Builder#pullSampleBytes pull-test sample}: 1 GiB (1,073,741,824 bytes). */
  public static final long MAX_PULL_SAMPLE_BYTES = 1024L * 1024 * 1024;

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final Duration callTimeout;
  private final Duration dnsTimeout;
  private final Duration deadline;
  private final int maxAttempts;
  private final int maxRedirects;
  private final List<Path> caCertificates;
  private final List<String> insecureRegistries;
  private final List<String> plainHttpRegistries;
  private final boolean insecureAll;
  private final @Nullable ProxySelector proxySelector;
  private final List<ResolveOverride> resolveOverrides;
  private final String userAgent;
  private final Platform platform;
  private final boolean checkPlatform;
  private final boolean platformRequested;
  private final Clock clock;
  private final boolean pullTest;
  private final long pullSampleBytes;
  private final List<ClientCertificate> clientCertificates;
  private final Map<String, Map<String, List<String>>> hostHeaders;
  private final String apiPath;

  private ProbeSettings(Builder builder) {
    this.connectTimeout = builder.connectTimeout;
    this.readTimeout = builder.readTimeout;
    this.writeTimeout = builder.writeTimeout;
    this.callTimeout = builder.callTimeout;
    this.dnsTimeout = builder.dnsTimeout;
    this.deadline = builder.deadline;
    this.maxAttempts = builder.maxAttempts;
    this.maxRedirects = builder.maxRedirects;
    this.caCertificates = List.copyOf(builder.caCertificates);
    this.insecureRegistries = List.copyOf(builder.insecureRegistries);
    this.plainHttpRegistries = List.copyOf(builder.plainHttpRegistries);
    this.insecureAll = builder.insecureAll;
    this.proxySelector = builder.proxySelector;
    this.resolveOverrides = List.copyOf(builder.resolveOverrides);
    this.userAgent = builder.userAgent;
    this.platform = builder.platform;
    this.checkPlatform = builder.checkPlatform;
    this.platformRequested = builder.platformRequested;
    this.clock = builder.clock;
    this.pullTest = builder.pullTest;
    this.pullSampleBytes = builder.pullSampleBytes;
    this.clientCertificates = List.copyOf(builder.clientCertificates);
    Map<String, Map<String, List<String>>> headers = new LinkedHashMap<>();
    builder.hostHeaders.forEach(
        (host, byName) -> {
          Map<String, List<String>> copy = new LinkedHashMap<>();
          byName.forEach((name, values) -> copy.put(name, List.copyOf(values)));
          headers.put(host, Collections.unmodifiableMap(copy));
        });
    this.hostHeaders = Collections.unmodifiableMap(headers);
    this.apiPath = builder.apiPath;
  }

  /** Returns the default settings. */
  public static ProbeSettings defaults() {
    return builder().build();
  }

  /** Returns a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns the TCP connect timeout. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Returns the longest idle gap allowed while reading. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** Returns the longest idle gap allowed while writing. */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /** Returns the bound on one whole HTTP request, DNS to last byte. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** Returns the bound on one DNS lookup. */
  public Duration dnsTimeout() {
    return dnsTimeout;
  }

  /** Returns the bound on one whole image check, all requests and retries included. */
  public Duration deadline() {
    return deadline;
  }

  /** Returns how many times a transient failure (reset, 429 with Retry-After, 502–504) is tried. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Returns how many redirects are followed. */
  public int maxRedirects() {
    return maxRedirects;
  }

  /** Returns extra PEM files of trusted CA certificates. */
  public List<Path> caCertificates() {
    return caCertificates;
  }

  /**
   * Returns the registries allowed plain HTTP and unverified TLS, as {@code host}, {@code
   * host:port} or CIDR ({@code 10.0.0.0/8}), like Docker's {@code insecure-registries}.
   */
  public List<String> insecureRegistries() {
    return insecureRegistries;
  }

  /**
   * Returns the registries known to speak plain HTTP, as {@code host:port} (lowercase, the port
   * always given; see {@link Builder#plainHttpRegistry}): they are reached over HTTP directly, like
   * containerd's {@code server = "http://…"}, and credentials may go to them.
   */
  public List<String> plainHttpRegistries() {
    return plainHttpRegistries;
  }

  /**
   * Returns the port to reach the registry {@code apiHost} ({@code host[:port]} as an image
   * reference writes it) over plain HTTP, when a plain-HTTP entry names it. An entry ({@code
   * host:port}, see {@link Builder#plainHttpRegistry}) matches a registry written with that port; a
   * registry written without one (HTTPS's 443) is matched by an entry naming port 443 or 80, which
   * is then the port used. Names match case-insensitively, IPv6 hosts as addresses: with or without
   * brackets, in any spelling ({@code [FD00:0::1]} is {@code [fd00::1]}). No name is resolved.
   */
  public OptionalInt plainHttpPort(String apiHost) {
    requireNonNull(apiHost, "apiHost");
    return RegistryEntries.plainHttpPort(plainHttpRegistries, apiHost);
  }

  /** Returns whether every registry is treated as insecure (the CLI's {@code --insecure}). */
  public boolean insecureAll() {
    return insecureAll;
  }

  /** Returns the proxy selector, or {@code null} for the JVM default. */
  public @Nullable ProxySelector proxySelector() {
    return proxySelector;
  }

  /** Returns the DNS overrides. */
  public List<ResolveOverride> resolveOverrides() {
    return resolveOverrides;
  }

  /** Returns the {@code User-Agent} sent. */
  public String userAgent() {
    return userAgent;
  }

  /** Returns the platform an image index must contain. */
  public Platform platform() {
    return platform;
  }

  /** Returns whether an image index is fetched to check the platform. */
  public boolean checkPlatform() {
    return checkPlatform;
  }

  /**
   * Returns whether the platform was set with {@link Builder#platform}, rather than left at its
   * default. Only then is a single-platform image's config blob fetched to compare its {@code
   * os}/{@code architecture}/{@code variant} with the platform (one or two more requests), as
   * {@code docker pull --platform} does.
   */
  public boolean platformRequested() {
    return platformRequested;
  }

  /** Returns the clock used for token expiry. */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns whether a check ends with the {@code blobs} step: the platform's manifest, a {@code
   * HEAD} of the config and every layer, and a sampled download of the largest layer.
   */
  public boolean pullTest() {
    return pullTest;
  }

  /** Returns how many bytes of the largest layer the pull test downloads (default 8 MiB). */
  public long pullSampleBytes() {
    return pullSampleBytes;
  }

  /**
   * Returns the client certificates presented when a TLS server asks for one (mutual TLS), for
   * every HTTPS connection of the client, token services included, as containerd does for a host
   * with {@code client} set.
   */
  public List<ClientCertificate> clientCertificates() {
    return clientCertificates;
  }

  /**
   * Returns extra request headers by {@code host:port}: sent on every request to that host and port
   * (containerd's {@code [host."…".header]}), never to a token service or redirect target. Values
   * are never logged or reported.
   */
  public Map<String, Map<String, List<String>>> hostHeaders() {
    return hostHeaders;
  }

  /**
   * Returns the registry API root path (default {@code /v2}): the ping goes to {@code <apiPath>/},
   * manifests to {@code <apiPath>/<repository>/manifests/<reference>}. containerd's {@code
   * override_path} sets another one.
   */
  public String apiPath() {
    return apiPath;
  }

  @Override
  public String toString() {
    return "ProbeSettings[connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", callTimeout="
        + callTimeout
        + ", dnsTimeout="
        + dnsTimeout
        + ", deadline="
        + deadline
        + ", maxAttempts="
        + maxAttempts
        + ", insecureRegistries="
        + insecureRegistries
        + ", plainHttpRegistries="
        + plainHttpRegistries
        + ", insecureAll="
        + insecureAll
        + ", resolve="
        + resolveOverrides
        + ", platform="
        + platform
        + ", pullTest="
        + pullTest
        + ", clientCertificates="
        + clientCertificates.size()
        + ", hostHeaders="
        + hostHeaders.keySet()
        + ", apiPath="
        + apiPath
        + "]";
  }

  /**
   * Builds {@link ProbeSettings}; every duration must be positive. A value a setter does not take
   * is an {@link InvalidSettingException} whose {@link InvalidSettingException#setting() setting()}
   * is the setter's name, thrown by the setter. Not thread-safe.
   */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration writeTimeout = Duration.ofSeconds(10);
    private Duration callTimeout = Duration.ofSeconds(15);
    private Duration dnsTimeout = Duration.ofSeconds(5);
    private Duration deadline = Duration.ofSeconds(30);
    private int maxAttempts = 3;
    private int maxRedirects = 5;
    private final List<Path> caCertificates = new ArrayList<>();
    private final List<String> insecureRegistries = new ArrayList<>();
    private final List<String> plainHttpRegistries = new ArrayList<>();
    private boolean insecureAll;
    private @Nullable ProxySelector proxySelector;
    private final List<ResolveOverride> resolveOverrides = new ArrayList<>();
    private String userAgent = "regdoctor/" + Version.VERSION;
    private Platform platform = Platform.DEFAULT;
    private boolean checkPlatform = true;
    private boolean platformRequested;
    private Clock clock = Clock.systemUTC();
    private boolean pullTest;
    private long pullSampleBytes = 8L * 1024 * 1024;
    private final List<ClientCertificate> clientCertificates = new ArrayList<>();
    private final Map<String, Map<String, List<String>>> hostHeaders = new LinkedHashMap<>();
    private String apiPath = "/v2";

    private Builder() {}

    private Builder(ProbeSettings settings) {
      connectTimeout = settings.connectTimeout;
      readTimeout = settings.readTimeout;
      writeTimeout = settings.writeTimeout;
      callTimeout = settings.callTimeout;
      dnsTimeout = settings.dnsTimeout;
      deadline = settings.deadline;
      maxAttempts = settings.maxAttempts;
      maxRedirects = settings.maxRedirects;
      caCertificates.addAll(settings.caCertificates);
      insecureRegistries.addAll(settings.insecureRegistries);
      plainHttpRegistries.addAll(settings.plainHttpRegistries);
      insecureAll = settings.insecureAll;
      proxySelector = settings.proxySelector;
      resolveOverrides.addAll(settings.resolveOverrides);
      userAgent = settings.userAgent;
      platform = settings.platform;
      checkPlatform = settings.checkPlatform;
      platformRequested = settings.platformRequested;
      clock = settings.clock;
      pullTest = settings.pullTest;
      pullSampleBytes = settings.pullSampleBytes;
      clientCertificates.addAll(settings.clientCertificates);
      settings.hostHeaders.forEach(
          (host, byName) -> {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            byName.forEach((name, values) -> copy.put(name, new ArrayList<>(values)));
            hostHeaders.put(host, copy);
          });
      apiPath = settings.apiPath;
    }

    /** Sets the TCP connect timeout (default 5 s). */
    public Builder connectTimeout(Duration value) {
      connectTimeout = Durations.positive("connectTimeout", value);
      return this;
    }

    /** Sets the read idle timeout (default 10 s). */
    public Builder readTimeout(Duration value) {
      readTimeout = Durations.positive("readTimeout", value);
      return this;
    }

    /** Sets the write idle timeout (default 10 s). */
    public Builder writeTimeout(Duration value) {
      writeTimeout = Durations.positive("writeTimeout", value);
      return this;
    }

    /** Sets the bound on one whole request (default 15 s). */
    public Builder callTimeout(Duration value) {
      callTimeout = Durations.positive("callTimeout", value);
      return this;
    }

    /** Sets the bound on one DNS lookup (default 5 s). */
    public Builder dnsTimeout(Duration value) {
      dnsTimeout = Durations.positive("dnsTimeout", value);
      return this;
    }

    /** Sets the bound on one whole image check (default 30 s). */
    public Builder deadline(Duration value) {
      deadline = Durations.positive("deadline", value);
      return this;
    }

    /**
     * Sets every timeout at once from one budget, as the CLI's {@code --timeout} does: the deadline
     * is {@code value}, each request and phase at most {@code value}.
     */
    public Builder timeout(Duration value) {
      Durations.positive("timeout", value);
      deadline = value;
      callTimeout = value;
      connectTimeout = min(connectTimeout, value);
      readTimeout = min(readTimeout, value);
      writeTimeout = min(writeTimeout, value);
      dnsTimeout = min(dnsTimeout, value);
      return this;
    }

    /** Sets how many attempts a transient failure gets, at least 1 (default 3). */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw InvalidSettingException.of(
            "maxAttempts", Integer.toString(value), "is not at least 1");
      }
      maxAttempts = value;
      return this;
    }

    /** Sets how many redirects are followed, 0 to 20 (default 5). */
    public Builder maxRedirects(int value) {
      if (value < 0 || value > 20) {
        throw InvalidSettingException.of(
            "maxRedirects", Integer.toString(value), "is not in 0..20");
      }
      maxRedirects = value;
      return this;
    }

    /** Adds a client certificate for mutual TLS; see {@link ProbeSettings#clientCertificates()}. */
    public Builder clientCertificate(ClientCertificate certificate) {
      clientCertificates.add(requireNonNull(certificate, "certificate"));
      return this;
    }

    /**
     * Adds a header value sent on every request to {@code hostPort} ({@code host:port}, the port
     * always given); see {@link ProbeSettings#hostHeaders()}.
     *
     * @throws InvalidSettingException naming {@code hostHeader} if the name or value cannot be sent
     *     in an HTTP header (the value is never quoted)
     */
    public Builder hostHeader(String hostPort, String name, String value) {
      requireNonNull(hostPort, "hostPort");
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
        throw InvalidSettingException.of("hostHeader", name, "is not a header name (a token)");
      }
      if (!value.chars().allMatch(c -> c == '\t' || c >= 32 && c != 127)) {
        // the value is not quoted: a header may carry a secret
        throw InvalidSettingException.of(
            "hostHeader", null, "the value of header " + name + " has control characters");
      }
      hostHeaders
          .computeIfAbsent(hostPort.toLowerCase(Locale.ROOT), h -> new LinkedHashMap<>())
          .computeIfAbsent(name, n -> new ArrayList<>())
          .add(value);
      return this;
    }

    /**
     * Sets the registry API root path; see {@link ProbeSettings#apiPath()}.
     *
     * @throws InvalidSettingException naming {@code apiPath} unless {@code path} starts with {@code
     *     /}
     */
    public Builder apiPath(String path) {
      requireNonNull(path, "path");
      String trimmed = path;
      while (trimmed.length() > 1 && trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      if (!trimmed.startsWith("/") || trimmed.contains("?") || trimmed.contains("#")) {
        throw InvalidSettingException.of("apiPath", path, "is not a path such as /v2");
      }
      apiPath = trimmed.equals("/") ? "" : trimmed;
      return this;
    }

    /**
     * Adds a PEM file of CA certificates to trust in addition to the JVM's. The file is read now,
     * so a bad one fails here rather than when a client is built.
     *
     * @throws InvalidSettingException naming {@code caCertificate} and the file if it cannot be
     *     read, is not a PEM certificate file, or holds no certificate
     */
    public Builder caCertificate(Path pemFile) {
      requireNonNull(pemFile, "pemFile");
      caCertificates.add(CaFiles.requireCertificates("caCertificate", pemFile));
      return this;
    }

    /**
     * Marks a registry insecure, like Docker's {@code insecure-registries}: insecure registries may
     * be reached over plain HTTP, and their TLS certificates are not verified. The entry is one of
     *
     * <ul>
     *   <li>a host as an image reference writes it, {@code registry.local}, {@code 127.0.0.1} or
     *       {@code [fd00::1]}, or a bare IPv6 address ({@code fd00::1}) as {@code daemon.json} may
     *       hold it: every port of that host;
     *   <li>{@code host:port}, the port from 1 to 65535 ({@code [::1]:5000} for IPv6): that port
     *       only;
     *   <li>a CIDR range, {@code 10.0.0.0/8} or {@code fd00::/8}: every registry whose host is an
     *       IP address in it.
     * </ul>
     *
     * <p>IPv6 hosts match as addresses, in any spelling: {@code [FD00:0:0::1]:5000} covers {@code
     * fd00::1} on port 5000. Names match ignoring case and are never resolved.
     *
     * <p>Surrounding whitespace is dropped and the entry is lowercased. A scheme ({@code http://}),
     * user info, a path, or a host the image reference grammar rejects is an error.
     *
     * @throws InvalidSettingException if {@code hostOrCidr} is blank or not one of those forms; the
     *     message names {@code insecureRegistry}, the value and what is wrong
     */
    public Builder insecureRegistry(String hostOrCidr) {
      requireNonNull(hostOrCidr, "hostOrCidr");
      insecureRegistries.add(RegistryEntries.insecure("insecureRegistry", hostOrCidr));
      return this;
    }

    /**
     * Marks a plain-HTTP registry, reached over HTTP without trying HTTPS: {@code host:port} as an
     * image reference writes the registry ({@code 127.0.0.1:5000}, {@code registry.local:80},
     * {@code [::1]:5000}), the port from 1 to 65535; see {@link ProbeSettings#plainHttpPort} for
     * which images it applies to. The port is required: a bare host is rejected rather than guessed
     * (HTTP's 80, or the image's port), as the command line's {@code --plain-http HOST:PORT}
     * rejects it. Surrounding whitespace is dropped and the entry is lowercased.
     *
     * @throws InvalidSettingException if {@code hostPort} is blank, has no port, or is not such a
     *     registry (a scheme, user info, a path, a CIDR range, a host the image reference grammar
     *     rejects, a port out of range); the message names {@code plainHttpRegistry}, the value and
     *     what is wrong
     */
    public Builder plainHttpRegistry(String hostPort) {
      requireNonNull(hostPort, "hostPort");
      plainHttpRegistries.add(RegistryEntries.plainHttp("plainHttpRegistry", hostPort));
      return this;
    }

    /** Treats every registry as insecure. */
    public Builder insecureAll(boolean value) {
      insecureAll = value;
      return this;
    }

    /**
     * Sets the proxy selector; {@code null} means the JVM default. Proxies it returns are sent no
     * credentials; {@link #proxy(URI)} and {@link #proxies(ProxySettings)} send those of the URL.
     */
    public Builder proxySelector(@Nullable ProxySelector value) {
      proxySelector = value;
      return this;
    }

    /**
     * Sends every request through the HTTP proxy {@code uri}, e.g. {@code
     * http://proxy.example.com:3128}. User info in it ({@code http://user:password@host:3128},
     * percent-encoded: {@code %40} for {@code @}) is sent as Basic {@code Proxy-Authorization}
     * before any challenge, on the CONNECT for {@code https} registries and on each request for
     * {@code http} ones, as Go programs (dockerd, containerd, the kubelet) send it. Reports, logs
     * and exceptions never show the password.
     *
     * @throws InvalidSettingException with setting {@code proxy} if {@code uri} is not an {@code
     *     http} URL with a host: {@code https://}, {@code socks5://} and {@code socks5h://}
     *     proxies, which Go programs also take, are not supported
     */
    public Builder proxy(URI uri) {
      requireNonNull(uri, "uri");
      List<Proxy> always = List.of(ProxyUrls.checked("proxy", uri));
      proxySelector = ProxyUrls.selector(target -> always);
      return this;
    }

    /**
     * Chooses the proxy of each request from {@code proxies} as Go programs do ({@link
     * ProxySettings#proxyFor}), sending the credentials of its URL as {@link #proxy(URI)} does.
     *
     * @throws InvalidSettingException with setting {@code HTTPS_PROXY} or {@code HTTP_PROXY} if
     *     that proxy is not an {@code http} URL (see {@link #proxy(URI)})
     */
    public Builder proxies(ProxySettings proxies) {
      requireNonNull(proxies, "proxies");
      proxySelector = ProxyUrls.selector(proxies);
      return this;
    }

    /** Adds a DNS override. */
    public Builder resolve(ResolveOverride override) {
      resolveOverrides.add(requireNonNull(override, "override"));
      return this;
    }

    /** Sets the {@code User-Agent}. */
    public Builder userAgent(String value) {
      requireNonNull(value, "userAgent");
      if (value.isBlank()) {
        throw InvalidSettingException.of("userAgent", null, "must not be blank");
      }
      userAgent = value;
      return this;
    }

    /**
     * Sets the platform an index must contain (default {@code linux/amd64}); a single-platform
     * image's config must then name it too (see {@link ProbeSettings#platformRequested()}).
     */
    public Builder platform(Platform value) {
      platform = requireNonNull(value, "platform");
      platformRequested = true;
      return this;
    }

    /** Sets whether an image index is fetched to check the platform (default true). */
    public Builder checkPlatform(boolean value) {
      checkPlatform = value;
      return this;
    }

    /** Sets the clock used for token expiry (default UTC system clock). */
    public Builder clock(Clock value) {
      clock = requireNonNull(value, "clock");
      return this;
    }

    /** Sets whether checks run the pull test ({@code blobs} step; default false). */
    public Builder pullTest(boolean value) {
      pullTest = value;
      return this;
    }

    /**
     * Sets how many bytes of the largest layer the pull test downloads, from {@link
     * #MIN_PULL_SAMPLE_BYTES} (1 KiB) to {@link #MAX_PULL_SAMPLE_BYTES} (1 GiB) inclusive (default
     * 8 MiB). A layer no larger than this is read whole and its digest verified.
     *
     * @throws InvalidSettingException naming {@code pullSampleBytes} if {@code value} is outside
     *     that range
     */
    public Builder pullSampleBytes(long value) {
      if (value < MIN_PULL_SAMPLE_BYTES || value > MAX_PULL_SAMPLE_BYTES) {
        throw InvalidSettingException.of(
            "pullSampleBytes",
            Long.toString(value),
            "is not from "
                + MIN_PULL_SAMPLE_BYTES
                + " (1 KiB) to "
                + MAX_PULL_SAMPLE_BYTES
                + " (1 GiB)");
      }
      pullSampleBytes = value;
      return this;
    }

    /** Returns the settings. */
    public ProbeSettings build() {
      return new ProbeSettings(this);
    }

    private static Duration min(Duration a, Duration b) {
      return a.compareTo(b) <= 0 ? a : b;
    }
  }
}
