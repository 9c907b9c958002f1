package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.LoopbackFaults;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
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

  private Demo(Locale locale, String engine) {
    this.locale = locale;
    this.engine = engine;
  }

  static Demo start(Locale locale) throws Exception {
    if (!RegistryBinary.isAvailable()) {
      throw new Cli.UsageError("regdoctor demo needs Debian's docker-registry: apt-get install docker-registry");
    }
    Demo demo = new Demo(locale, "docker-registry " + RegistryBinary.locate().orElseThrow());
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
    // Seed one storage through an anonymous instance, then serve it anonymously and with htpasswd.
    RegistryProcess open = keep(RegistryProcess.builder().storage(storage).start());
    ImageSeeder seeder = ImageSeeder.to(open.baseUrl());
    seeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 2, 2048);
    seeder.pushImage("team/app", "1.4.1", Platform.LINUX_AMD64, 1, 1024);
    seeder.pushImage("team/app", "1.4.2", Platform.LINUX_AMD64, 1, 1024);
    seeder.pushImage("team/app", "latest", Platform.LINUX_AMD64, 1, 1024);
    seeder.pushIndex("team/multi", "1.0", List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM_V7));
    RegistryProcess locked = keep(RegistryProcess.builder().storage(storage).htpasswd("demo", PASSWORD).start());

    TokenIssuer issuer = keep(TokenIssuer.start()
        .user("alice", PASSWORD).allow("alice", "team/app", "pull")
        .user("admin", PASSWORD).allow("admin", "*", "pull", "push"));
    RegistryProcess tokens = keep(RegistryProcess.builder().tokenAuth(issuer).start());
    ImageSeeder tokenSeeder = ImageSeeder.to(tokens.baseUrl()).withCredentials("admin", PASSWORD);
    tokenSeeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 1024);
    tokenSeeder.pushImage("team/payroll", "1.0", Platform.LINUX_AMD64, 1, 1024);

    HeldCertificate selfSigned = new HeldCertificate.Builder().addSubjectAlternativeName(DEMO_HOST).commonName(DEMO_HOST).build();
    RegistryProcess tls = keep(RegistryProcess.builder().storage(storage).tls(selfSigned).start());
    FaultEndpoint refused = keep(LoopbackFaults.closedPort());
    FaultEndpoint stalled = keep(LoopbackFaults.stall());

    String anonymous = open.hostPort();
    scenarios.add(new Scenario("A healthy image on a plain-HTTP loopback registry", anonymous + "/team/app:1.0", b -> b));
    scenarios.add(new Scenario("A moving tag", anonymous + "/team/app:latest", b -> b));
    scenarios.add(new Scenario("A tag that does not exist (closest tags suggested)", anonymous + "/team/app:1.4", b -> b));
    scenarios.add(new Scenario("A repository that does not exist", anonymous + "/team/ap:1.0", b -> b));
    scenarios.add(new Scenario("An image without the requested platform", anonymous + "/team/multi:1.0", b -> b.platform("linux/arm64")));
    scenarios.add(new Scenario("Not logged in", locked.hostPort() + "/team/app:1.0", b -> b));
    scenarios.add(new Scenario("A wrong password", locked.hostPort() + "/team/app:1.0", b -> b.credentials("demo", "not-the-password")));
    scenarios.add(new Scenario("Token auth: logged in, but no pull permission", tokens.hostPort() + "/team/payroll:1.0",
        b -> b.credentials("alice", PASSWORD)));
    scenarios.add(new Scenario("Token auth: all good", tokens.hostPort() + "/team/app:1.0", b -> b.credentials("alice", PASSWORD)));
    scenarios.add(new Scenario("Nothing listens on the port", refused.hostPort() + "/team/app:1.0", b -> b));
    scenarios.add(new Scenario("A plain-HTTP server that accepts but never answers", stalled.hostPort() + "/team/app:1.0",
        b -> b.plainHttpRegistry(stalled.hostPort()).timeout(Duration.ofSeconds(1))));
    scenarios.add(new Scenario("A TLS handshake that stalls", stalled.hostPort() + "/team/app:1.0",
        b -> b.timeout(Duration.ofSeconds(1))));
    scenarios.add(new Scenario("A plain-HTTP registry behind a host name", DEMO_HOST + ":" + open.port() + "/team/app:1.0",
        b -> b.resolve(DEMO_HOST + ":" + open.port() + ":127.0.0.1")));
    scenarios.add(new Scenario("A self-signed certificate", DEMO_HOST + ":" + tls.port() + "/team/app:1.0",
        b -> b.resolve(DEMO_HOST + ":" + tls.port() + ":127.0.0.1")));
    scenarios.add(new Scenario("A host name that does not resolve", "registry.demo.invalid/team/app:1.0", b -> b));
  }

  List<Scenario> scenarios() {
    return List.copyOf(scenarios);
  }

  /** Diagnoses every scenario and prints the reports. */
  List<Report> run(PrintWriter out, boolean json, boolean color) {
    List<Report> reports = new ArrayList<>();
    if (!json) {
      out.println("Registry Doctor demo: " + scenarios.size() + " scenarios on 127.0.0.1 (" + engine + ")");
      out.println();
    }
    long start = System.nanoTime();
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario scenario = scenarios.get(i);
      RegistryDoctor.Builder builder = scenario.config().apply(RegistryDoctor.builder().locale(locale).timeout(Duration.ofSeconds(5)));
      try (RegistryDoctor doctor = builder.build()) {
        Report report = doctor.check(scenario.image());
        reports.add(report);
        if (!json) {
          out.println("── " + (i + 1) + ". " + scenario.title() + " ──");
          out.println(report.toText(color));
          out.println();
          out.flush();
        }
      }
    }
    if (json) {
      out.println(RegistryDoctor.toJson(reports));
    } else {
      out.printf(Locale.ROOT, "%d scenarios diagnosed in %.1f s.%n", reports.size(), (System.nanoTime() - start) / 1e9);
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
