package dev.regdoctor.cli;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.testkit.EmbeddedRegistry;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.LoopbackFaults;
import dev.regdoctor.testkit.PlainHttpFront;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.ScriptedEndpoint;
import dev.regdoctor.testkit.ScriptedServers;
import dev.regdoctor.testkit.TokenIssuer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import okhttp3.tls.HeldCertificate;

/**
 * The demo's world: registries and fault endpoints on loopback, seeded with images, and one
 * scenario per diagnosis. Everything is stopped on close.
 */
final class Demo implements AutoCloseable {
  private static final String DEMO_HOST = "registry.demo.test";
  private static final String PASSWORD = "demo-password";

  /** One scenario: what it shows, the image, and how the doctor is configured for it. */
  record Scenario(String title, String image, UnaryOperator<RegistryDoctor.Builder> config) {}

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<Scenario> scenarios = new ArrayList<>();
  private final Locale locale;
  private final String engine;
  private Path storage;

  private final boolean real;

  /**
   * In-process registries speak plain HTTP only and cannot answer a TLS hello; go to HTTP directly.
   */
  private final List<String> plainHttp = new ArrayList<>();

  private Demo(Locale locale, String engine, boolean real) {
    this.locale = locale;
    this.engine = engine;
    this.real = real;
  }

  /** A registry the demo serves images from: Debian's docker-registry or the in-process one. */
  private interface Served extends AutoCloseable {
    String hostPort();

    int port();

    String baseUrl();
  }

  private Served serve(RegistryProcess process) {
    return keep(
        new Served() {
          public String hostPort() {
            return process.hostPort();
          }

          public int port() {
            return process.port();
          }

          public String baseUrl() {
            return process.baseUrl();
          }

          public void close() {
            process.close();
          }
        });
  }

  /**
   * The in-process registry behind a front that answers a TLS hello with {@code 400 Bad Request},
   * as the Go server of a real plain-HTTP registry does: a runtime that tries HTTPS first (Podman
   * in the last scenario) fails at once, as against Debian's docker-registry, instead of waiting
   * for a handshake the JDK's HTTP server never answers until the check's deadline.
   */
  private Served answeringTlsHellos(EmbeddedRegistry registry) throws IOException {
    PlainHttpFront front = new PlainHttpFront(registry.port(), PlainHttpFront.Reaction.ANSWER_400);
    return keep(
        new Served() {
          public String hostPort() {
            return "127.0.0.1:" + front.port();
          }

          public int port() {
            return front.port();
          }

          public String baseUrl() {
            return "http://127.0.0.1:" + front.port();
          }

          public void close() throws Exception {
            front.close();
            registry.close();
          }
        });
  }

  private Served serve(EmbeddedRegistry registry) {
    return keep(
        new Served() {
          public String hostPort() {
            return registry.hostPort();
          }

          public int port() {
            return registry.port();
          }

          public String baseUrl() {
            return registry.baseUrl();
          }

          public void close() {
            registry.close();
          }
        });
  }

  static Demo start(Locale locale) throws Exception {
    return start(locale, RegistryBinary.isAvailable());
  }

  /**
   * Starts the demo on Debian's docker-registry when {@code real}, else on the in-process registry.
   */
  static Demo start(Locale locale, boolean real) throws Exception {
    Demo demo =
        new Demo(
            locale,
            real
                ? "docker-registry " + RegistryBinary.locate().orElseThrow()
                : locale.getLanguage().equals("zh")
                    ? "进程内镜像仓库；安装 docker-registry 即可使用真实的镜像仓库"
                    : "in-process registry; install docker-registry to use the real one",
            real);
    try {
      demo.build();
    } catch (Exception | Error e) {
      demo.close();
      throw e;
    }
    return demo;
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private void build() throws Exception {
    storage = Files.createTempDirectory("regdoctor-demo");
    // One anonymous instance is seeded; the htpasswd and TLS ones serve the same images.
    Served open;
    Served locked;
    Served tls;
    Served tokens;
    EmbeddedRegistry embedded = null;
    HeldCertificate selfSigned =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName(DEMO_HOST)
            .commonName(DEMO_HOST)
            .build();
    TokenIssuer issuer =
        keep(
            TokenIssuer.start()
                .user("alice", PASSWORD)
                .allow("alice", "team/app", "pull")
                .user("admin", PASSWORD)
                .allow("admin", "*", "pull", "push"));
    if (real) {
      open = serve(RegistryProcess.builder().storage(storage).start());
    } else {
      embedded = EmbeddedRegistry.start();
      open = answeringTlsHellos(embedded);
    }
    ImageSeeder seeder = ImageSeeder.to(open.baseUrl());
    seeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 2, 2048);
    seeder.pushImage("team/app", "1.4.1", Platform.LINUX_AMD64, 1, 1024);
    seeder.pushImage("team/app", "1.4.2", Platform.LINUX_AMD64, 1, 1024);
    seeder.pushImage("team/app", "latest", Platform.LINUX_AMD64, 1, 1024);
    seeder.pushIndex("team/multi", "1.0", List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM_V7));
    if (real) {
      locked = serve(RegistryProcess.builder().storage(storage).htpasswd("demo", PASSWORD).start());
      tls = serve(RegistryProcess.builder().storage(storage).tls(selfSigned).start());
      tokens = serve(RegistryProcess.builder().tokenAuth(issuer).start());
    } else {
      locked =
          serve(EmbeddedRegistry.builder().storageOf(embedded).basicAuth("demo", PASSWORD).start());
      tls = serve(EmbeddedRegistry.builder().storageOf(embedded).tls(selfSigned).start());
      tokens = serve(EmbeddedRegistry.builder().tokenAuth(issuer).start());
    }
    if (!real) {
      for (Served served : List.of(open, locked, tokens)) {
        plainHttp.add(served.hostPort());
      }
    }
    ImageSeeder tokenSeeder = ImageSeeder.to(tokens.baseUrl()).withCredentials("admin", PASSWORD);
    tokenSeeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 1024);
    tokenSeeder.pushImage("team/payroll", "1.0", Platform.LINUX_AMD64, 1, 1024);
    Served throttled =
        serve(
            EmbeddedRegistry.builder()
                .storageOf(embedded != null ? embedded : seedEmbedded())
                .rateLimit(100, 0, Duration.ofHours(6))
                .start());
    FaultEndpoint refused = keep(LoopbackFaults.closedPort());
    FaultEndpoint stalled = keep(LoopbackFaults.stall());
    ScriptedEndpoint portal = keep(ScriptedServers.htmlPortal());
    ScriptedEndpoint failing =
        keep(
            ScriptedServers.status(
                503,
                java.util.Map.of("Docker-Distribution-API-Version", "registry/2.0"),
                "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"service unavailable\"}]}"));

    String anonymous = open.hostPort();
    scenarios.add(
        new Scenario(
            "A healthy image on a plain-HTTP loopback registry",
            anonymous + "/team/app:1.0",
            b -> b));
    scenarios.add(new Scenario("A moving tag", anonymous + "/team/app:latest", b -> b));
    scenarios.add(
        new Scenario(
            "A tag that does not exist (closest tags suggested)",
            anonymous + "/team/app:1.4",
            b -> b));
    scenarios.add(
        new Scenario("A repository that does not exist", anonymous + "/team/ap:1.0", b -> b));
    scenarios.add(
        new Scenario(
            "An image without the requested platform",
            anonymous + "/team/multi:1.0",
            b -> b.platform("linux/arm64")));
    scenarios.add(new Scenario("Not logged in", locked.hostPort() + "/team/app:1.0", b -> b));
    scenarios.add(
        new Scenario(
            "A wrong password",
            locked.hostPort() + "/team/app:1.0",
            b -> b.credentials("demo", "not-the-password")));
    scenarios.add(
        new Scenario(
            "Token auth: logged in, but no pull permission",
            tokens.hostPort() + "/team/payroll:1.0",
            b -> b.credentials("alice", PASSWORD)));
    scenarios.add(
        new Scenario(
            "Token auth: all good",
            tokens.hostPort() + "/team/app:1.0",
            b -> b.credentials("alice", PASSWORD)));
    scenarios.add(
        new Scenario("Nothing listens on the port", refused.hostPort() + "/team/app:1.0", b -> b));
    scenarios.add(
        new Scenario(
            "A plain-HTTP server that accepts but never answers",
            stalled.hostPort() + "/team/app:1.0",
            b -> b.plainHttpRegistry(stalled.hostPort()).timeout(Duration.ofSeconds(1))));
    scenarios.add(
        new Scenario(
            "A TLS handshake that stalls",
            // A host name, not 127.0.0.1: no plain-HTTP fallback, so only the handshake is tried
            // (on loopback the silent fallback would make it a RESPONSE_TIMEOUT).
            DEMO_HOST + ":" + stalled.port() + "/team/app:1.0",
            b ->
                b.resolve(DEMO_HOST + ":" + stalled.port() + ":127.0.0.1")
                    .timeout(Duration.ofSeconds(1))));
    if (real) {
      // docker-registry answers a TLS hello with an HTTP 400, as every Go server does.
      scenarios.add(
          new Scenario(
              "A plain-HTTP registry behind a host name",
              DEMO_HOST + ":" + open.port() + "/team/app:1.0",
              b -> b.resolve(DEMO_HOST + ":" + open.port() + ":127.0.0.1")));
    }
    scenarios.add(
        new Scenario(
            "A self-signed certificate",
            DEMO_HOST + ":" + tls.port() + "/team/app:1.0",
            b -> b.resolve(DEMO_HOST + ":" + tls.port() + ":127.0.0.1")));
    scenarios.add(
        new Scenario(
            "A login portal instead of a registry",
            portal.hostPort() + "/team/app:1.0",
            b -> b.plainHttpRegistry(portal.hostPort())));
    scenarios.add(
        new Scenario(
            "A registry that is down (503)",
            failing.hostPort() + "/team/app:1.0",
            b -> b.plainHttpRegistry(failing.hostPort())));
    scenarios.add(
        new Scenario(
            "Pull rate limit exhausted",
            throttled.hostPort() + "/team/app:1.0",
            b ->
                b.plainHttpRegistry(throttled.hostPort())
                    .credentials(CredentialResolver.anonymous())));
    scenarios.add(
        new Scenario(
            "A host name that does not resolve", "registry.demo.invalid/team/app:1.0", b -> b));
    // Runtime views: a containerd mirror that is down, and a registry runtimes disagree about.
    Path hosts = Files.createDirectories(storage.resolve("certs.d"));
    Path hostDir = Files.createDirectories(hosts.resolve(anonymous));
    Files.writeString(
        hostDir.resolve("hosts.toml"),
        "server = \"http://"
            + anonymous
            + "\"\n\n[host.\"http://"
            + refused.hostPort()
            + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
    Path registriesConf = storage.resolve("registries.conf");
    Files.writeString(registriesConf, "unqualified-search-registries = []\n");
    scenarios.add(
        new Scenario(
            "A dead mirror in containerd's hosts.toml (the pull falls back)",
            anonymous + "/team/app:1.0",
            b -> b.runtime(ContainerRuntime.CONTAINERD).hostsDir(hosts)));
    scenarios.add(
        new Scenario(
            "Docker and containerd pull from a plain-HTTP registry, Podman refuses",
            anonymous + "/team/app:1.0",
            b ->
                b.runtime(ContainerRuntime.PODMAN).hostsDir(hosts).registriesConf(registriesConf)));
  }

  /** Seeds an in-process registry with the demo image, for the rate-limit scenario. */
  private EmbeddedRegistry seedEmbedded() throws Exception {
    EmbeddedRegistry seed = keep(EmbeddedRegistry.start());
    ImageSeeder.to(seed.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 1024);
    return seed;
  }

  /**
   * Every scenario title in demo order, with its Simplified Chinese form for {@code --lang zh-CN};
   * {@code demo --help} lists them.
   */
  static final java.util.Map<String, String> TITLES = titles();

  private static java.util.Map<String, String> titles() {
    java.util.Map<String, String> titles = new java.util.LinkedHashMap<>();
    titles.put("A healthy image on a plain-HTTP loopback registry", "本机明文 HTTP 镜像仓库上的正常镜像");
    titles.put("A moving tag", "会变动的标签");
    titles.put("A tag that does not exist (closest tags suggested)", "不存在的标签（给出最接近的标签）");
    titles.put("A repository that does not exist", "不存在的镜像库");
    titles.put("An image without the requested platform", "没有所需平台的镜像");
    titles.put("Not logged in", "未登录");
    titles.put("A wrong password", "密码错误");
    titles.put("Token auth: logged in, but no pull permission", "令牌认证：已登录，但没有拉取权限");
    titles.put("Token auth: all good", "令牌认证：一切正常");
    titles.put("Nothing listens on the port", "端口上没有服务");
    titles.put("A plain-HTTP server that accepts but never answers", "明文 HTTP 服务接受连接但从不响应");
    titles.put("A TLS handshake that stalls", "TLS 握手卡住");
    titles.put("A plain-HTTP registry behind a host name", "主机名背后的明文 HTTP 镜像仓库");
    titles.put("A self-signed certificate", "自签名证书");
    titles.put("A login portal instead of a registry", "登录门户而不是镜像仓库");
    titles.put("A registry that is down (503)", "镜像仓库故障（503）");
    titles.put("Pull rate limit exhausted", "拉取频率配额已用完");
    titles.put("A host name that does not resolve", "无法解析的主机名");
    titles.put(
        "A dead mirror in containerd's hosts.toml (the pull falls back)",
        "containerd 的 hosts.toml 中有一个失效的镜像加速器（拉取会回退）");
    titles.put(
        "Docker and containerd pull from a plain-HTTP registry, Podman refuses",
        "Docker 和 containerd 能从明文 HTTP 镜像仓库拉取，Podman 拒绝");
    return java.util.Collections.unmodifiableMap(titles);
  }

  /** Titles of the scenarios that need Debian's docker-registry (absent in-process). */
  static final java.util.Set<String> REAL_REGISTRY_ONLY =
      java.util.Set.of("A plain-HTTP registry behind a host name");

  private boolean chinese() {
    return locale.getLanguage().equals("zh");
  }

  private String title(Scenario scenario) {
    return chinese() ? TITLES.getOrDefault(scenario.title(), scenario.title()) : scenario.title();
  }

  List<Scenario> scenarios() {
    return List.copyOf(scenarios);
  }

  /** Diagnoses every scenario and prints the reports. */
  List<Report> run(PrintWriter out, boolean json, boolean color) {
    List<Report> reports = new ArrayList<>();
    if (!json) {
      out.println(
          chinese()
              ? "Registry Doctor 演示：在 127.0.0.1 上运行 " + scenarios.size() + " 个场景（" + engine + "）"
              : "Registry Doctor demo: "
                  + scenarios.size()
                  + " scenarios on 127.0.0.1 ("
                  + engine
                  + ")");
      out.println();
    }
    long start = System.nanoTime();
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario scenario = scenarios.get(i);
      RegistryDoctor.Builder builder =
          scenario
              .config()
              .apply(
                  RegistryDoctor.builder()
                      .credentials(CredentialResolver.anonymous())
                      .locale(locale)
                      .timeout(Duration.ofSeconds(5)));
      plainHttp.forEach(builder::plainHttpRegistry);
      try (RegistryDoctor doctor = builder.build()) {
        Report report = doctor.check(scenario.image());
        reports.add(report);
        if (!json) {
          out.println("── " + (i + 1) + ". " + title(scenario) + " ──");
          out.println(report.toText(color));
          out.println();
          out.flush();
        }
      }
    }
    if (json) {
      out.println(RegistryDoctor.toJson(reports));
    } else {
      out.printf(
          Locale.ROOT,
          chinese() ? "已诊断 %d 个场景，用时 %.1f 秒。%n" : "%d scenarios diagnosed in %.1f s.%n",
          reports.size(),
          (System.nanoTime() - start) / 1e9);
    }
    return reports;
  }

  @Override
  public void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        // best effort: keep closing the rest
      }
    }
    if (storage != null) {
      try (Stream<Path> walk = Files.walk(storage)) {
        walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // temp directory; the OS cleans it eventually
      }
    }
  }
}
