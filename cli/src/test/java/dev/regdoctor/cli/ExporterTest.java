package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The exporter's schedule, discovery and bounded series, against a refused loopback port. */
@Timeout(120)
class ExporterTest {
  @TempDir Path dir;
  private FaultEndpoint refused;
  private RegistryDoctor doctor;
  private Exporter exporter;

  @BeforeEach
  void start() {
    refused = LoopbackFaults.closedPort();
    doctor =
        RegistryDoctor.builder()
            .locale(Locale.ENGLISH)
            .timeout(Duration.ofSeconds(2))
            .credentials(CredentialResolver.anonymous())
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    if (exporter != null) {
      exporter.close();
    }
    doctor.close();
    refused.close();
  }

  private static ProbeConfig config(String yaml) {
    return ProbeConfig.parse(yaml, "probes.yaml", Path.of("."));
  }

  private Exporter exporter(ProbeConfig config, Map<String, String> environment) {
    return new Exporter(
        config,
        null,
        doctor,
        doctor,
        discovery ->
            new WorkloadDiscovery(
                discovery,
                WorkloadDiscovery.source(
                    discovery,
                    environment,
                    dir.resolve("no-service-account"),
                    Duration.ofSeconds(10)),
                doctor),
        Clock.systemUTC());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static String generation(int g, int port) {
    StringBuilder yaml = new StringBuilder("interval: 200ms\ntimeout: 2s\ntargets:\n");
    for (int i = 0; i < 5; i++) {
      yaml.append("  - image: 127.0.0.")
          .append(g)
          .append(':')
          .append(port)
          .append("/gen/app")
          .append(i)
          .append(":1\n");
    }
    return yaml.toString();
  }

  @Test
  void seriesStayBoundedWhileTargetsAndRegistriesChange() throws Exception {
    exporter = exporter(config(generation(2, refused.port())), Map.of());
    exporter.start();
    int most = 0;
    for (int g = 2; g <= 41; g++) {
      if (g > 2) {
        exporter.configure(config(generation(g, refused.port())));
      }
      String registry = "127.0.0." + g + ":" + refused.port();
      await(
          () ->
              exporter.snapshot().size() == 5
                  && exporter.snapshot().stream()
                      .allMatch(
                          entry ->
                              entry.getKey().registry().equals(registry)
                                  && entry.getValue().isPresent()),
          "generation " + g + " probed");
      most = Math.max(most, exporter.metrics().meterCount());
    }
    // The metrics follow the snapshot a moment later: read the scrape that shows the last
    // generation whole (a scrape taken in between once showed four of the five series).
    AtomicReference<PromText> scraped = new AtomicReference<>();
    await(
        () -> {
          PromText text = PromText.parse(exporter.metrics().scrape());
          scraped.set(text);
          return text.find("regdoctor_probe_success").size() == 5
              && text.find("regdoctor_probe_verdict_info", "code", "CONNECTION_REFUSED").size()
                  == 5;
        },
        "the scrape shows generation 41");
    PromText last = scraped.get();

    // 4 exporter gauges; 3 series per target; per registry at most requests, circuit, 3 results
    // and 7 phases
    assertThat(most).isLessThanOrEqualTo(4 + 3 * 5 + 12);
    assertThat(last.find("regdoctor_probe_success")).hasSize(5);
    assertThat(last.mentions("127.0.0.40:" + refused.port())).isFalse();
    assertThat(last.find("regdoctor_probe_verdict_info", "code", "CONNECTION_REFUSED")).hasSize(5);
  }

  @Test
  void discoveredImagesCarryNamespaceWorkloadAndTheKubernetesVerdict() throws Exception {
    String registry = "127.0.0.1:" + refused.port();
    Path objects = dir.resolve("objects.json");
    String web =
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},"
            + "\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},"
            + "\"spec\":{\"imagePullSecrets\":[{\"name\":\"regcred\"}],\"containers\":[{\"name\":\"web\",\"image\":\""
            + registry
            + "/shop/web:1.4\"},{\"name\":\"sidecar\",\"image\":\""
            + registry
            + "/shop/web:1.4\"}]}}}}";
    String api =
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"api\",\"namespace\":\"shop\"},"
            + "\"spec\":{\"containers\":[{\"name\":\"api\",\"image\":\""
            + registry
            + "/shop/api:2.0\"}]}}";
    Files.writeString(
        objects, "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"items\":[" + web + "," + api + "]}");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path kubectl = bin.resolve("kubectl");
    Files.writeString(
        kubectl,
        "#!/bin/sh\ncase \"$*\" in\n  \"get pods,\"*) cat '"
            + objects
            + "' ;;\n  *) echo '{\"kind\":\"List\",\"items\":[]}' ;;\nesac\n");
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    exporter =
        exporter(
            config(
                "interval: 200ms\ntimeout: 2s\nkubernetes:\n  namespaces: [shop]\n  interval: 1s\n"),
            Map.of("PATH", bin + ":/usr/bin:/bin"));
    exporter.start();

    await(
        () ->
            PromText.parse(exporter.metrics().scrape()).find("regdoctor_probe_verdict_info").size()
                == 2,
        "both discovered images probed");
    PromText metrics = PromText.parse(exporter.metrics().scrape());

    assertThat(
            metrics.value(
                "regdoctor_probe_verdict_info",
                "namespace",
                "shop",
                "workload",
                "deployment/web",
                "image",
                registry + "/shop/web:1.4",
                "registry",
                registry,
                "code",
                "K8S_PULL_SECRET_MISSING"))
        .contains(1.0);
    assertThat(
            metrics.value(
                "regdoctor_probe_verdict_info",
                "workload",
                "pod/api",
                "code",
                "CONNECTION_REFUSED"))
        .contains(1.0);
    assertThat(metrics.value("regdoctor_probe_success", "workload", "deployment/web"))
        .contains(0.0);
    assertThat(metrics.value("regdoctor_discovered_targets")).contains(2.0);
    assertThat(metrics.value("regdoctor_discovery_success")).contains(1.0);
    assertThat(exporter.records(registry + "/shop/web:1.4", "shop", null))
        .singleElement()
        .satisfies(
            record -> assertThat(record.kubernetes().toJson()).contains("K8S_PULL_SECRET_MISSING"));

    // the Deployment goes: its series go with it at the next discovery
    Files.writeString(objects, "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"items\":[" + api + "]}");
    await(
        () -> !PromText.parse(exporter.metrics().scrape()).mentions("deployment/web"),
        "the Deployment's series removed");
    assertThat(PromText.parse(exporter.metrics().scrape()).find("regdoctor_probe_success"))
        .hasSize(1);

    // kubectl failing keeps the targets found before
    Files.writeString(
        kubectl,
        "#!/bin/sh\necho 'error: You must be logged in to the server (Unauthorized)' >&2\nexit 1\n");
    await(
        () ->
            PromText.parse(exporter.metrics().scrape())
                    .value("regdoctor_discovery_success")
                    .orElse(1.0)
                == 0.0,
        "the failed discovery is visible");
    assertThat(PromText.parse(exporter.metrics().scrape()).find("regdoctor_probe_success"))
        .hasSize(1);
  }
}
