package dev.regdoctor.internal.probe;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.probe.AuthInfo;
import dev.regdoctor.probe.BlobsInfo;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.ManifestInfo;
import dev.regdoctor.probe.PingInfo;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.RateLimit;
import dev.regdoctor.probe.Step;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import dev.regdoctor.probe.TagsInfo;
import dev.regdoctor.probe.TlsInfo;
import dev.regdoctor.reference.ImageReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What one check has seen so far: its steps, failures and notes, and the values each exchange fills
 * in. The exchanges of one check share it; it is not thread-safe and lives for one check.
 */
final class CheckState {
  final ProbeEngine engine;
  final ProbeSettings settings;
  final ImageReference image;
  final String input;
  final CredentialLookup lookup;
  final Deadline deadline;
  final AtomicInteger requests = new AtomicInteger();
  final long started = System.nanoTime();

  final Map<StepName, Step> steps = new EnumMap<>(StepName.class);
  final List<Failure> failures = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  final List<String> credentialsSentTo = new ArrayList<>();
  @Nullable RegistryEndpoint endpoint;
  @Nullable PingInfo ping;
  @Nullable AuthInfo auth;
  @Nullable ManifestInfo manifest;
  @Nullable TagsInfo tags;
  @Nullable RateLimit rateLimit;
  @Nullable TlsInfo tls;
  @Nullable BlobsInfo blobs;
  Exchange.@Nullable Authorization authorization;

  /**
   * The single-platform image manifest as the platform step read it (a whole 200 GET), which the
   * pull test uses instead of fetching the same manifest again; {@code null} when no step read it.
   */
  Exchange.@Nullable Answer imageManifest;

  boolean verifyTls = true;
  boolean allowHttp;
  boolean credentialsSent;

  CheckState(
      ProbeEngine engine,
      String input,
      ImageReference image,
      CredentialLookup lookup,
      Deadline deadline) {
    this.engine = engine;
    this.settings = engine.settings();
    this.input = input;
    this.image = image;
    this.lookup = lookup;
    this.deadline = deadline;
  }

  /**
   * An exchange bounded by this check's deadline, counting into its requests, sending only where
   * the registry's {@link dev.regdoctor.internal.http.Destinations} allow.
   */
  Exchange exchange(boolean verify) {
    return engine.exchange(verify, deadline, requests, engine.destinations(endpoint.host()));
  }

  /** Returns {@code <endpoint><apiPath>/<repository>/<rest>}, e.g. the manifest URL. */
  okhttp3.HttpUrl api(String rest) {
    return okhttp3.HttpUrl.get(
        endpoint + settings.apiPath() + "/" + image.repository() + "/" + rest);
  }

  void step(StepName name, StepStatus status, Duration elapsed, @Nullable String detail) {
    steps.put(name, new Step(name, status, elapsed, detail));
  }

  /** Records a transport fault as the failure of step {@code name}, begun at {@code start}. */
  void transportFault(StepName name, Exchange.Fault fault, long start) {
    step(name, StepStatus.FAILED, elapsedSince(start), fault.kind().name());
    failures.add(TransportFailures.transportFailure(fault, name));
  }

  static Duration elapsedSince(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  ProbeResult result() {
    if (!credentialsSentTo.isEmpty()) {
      notes.add(
          "credentials were sent to "
              + String.join(", ", credentialsSentTo.stream().distinct().toList()));
    }
    return new ProbeResult(
        input,
        image,
        endpoint,
        settings.platform(),
        List.copyOf(steps.values()),
        failures,
        ping,
        auth,
        manifest,
        tags,
        rateLimit,
        tls,
        lookup.source(),
        credentialsSent,
        lookup.nearMisses(),
        lookup.problems(),
        verifyTls,
        notes,
        requests.get(),
        elapsedSince(started),
        blobs);
  }
}
