package dev.regdoctor.samples.embedding;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Report;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A deployment tool's preflight: before rolling out, check that every image of the release can be
 * pulled, and stop with the diagnosis when one cannot.
 *
 * <p>Run: {@code java -cp … dev.regdoctor.samples.embedding.PreflightCheck IMAGE…}; credentials
 * come from {@code REGISTRY_USERNAME} and {@code REGISTRY_PASSWORD} when set.
 */
public final class PreflightCheck {
  private PreflightCheck() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out));
  }

  /** Checks {@code images}; returns 0 when all can be pulled, 1 otherwise. */
  public static int run(List<String> images, Map<String, String> env, PrintStream out) {
    RegistryDoctor.Builder builder =
        RegistryDoctor.builder().timeout(Duration.ofSeconds(15)).concurrency(4);
    String user = env.get("REGISTRY_USERNAME");
    String password = env.get("REGISTRY_PASSWORD");
    if (user != null && password != null) {
      builder.credentials(user, password);
    }
    String plainHttp = env.get("REGISTRY_PLAIN_HTTP");
    if (plainHttp != null) {
      builder.plainHttpRegistry(plainHttp);
    }
    try (RegistryDoctor doctor = builder.build()) {
      List<Report> reports = doctor.checkAll(images);
      boolean allOk = true;
      for (Report report : reports) {
        Finding verdict = report.verdict();
        if (report.ok()) {
          out.println(
              "ok     "
                  + report.reference().orElse(report.input())
                  + " "
                  + report.digest().orElse(""));
          continue;
        }
        allOk = false;
        out.println("FAILED " + report.input() + ": " + verdict.code() + " - " + verdict.summary());
        // A tool can react to specific codes, e.g. offer to log in.
        if (verdict.code() == DiagnosisCode.AUTH_REQUIRED
            || verdict.code() == DiagnosisCode.AUTH_INVALID) {
          out.println(
              "       credentials are the problem; set REGISTRY_USERNAME and REGISTRY_PASSWORD");
        }
        verdict.remediation().stream()
            .map(Remedy::command)
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .ifPresent(command -> out.println("       try: " + command));
      }
      // Machine-readable output for the tool's own log, in the JSON contract's shape.
      out.println(RegistryDoctor.toJson(reports));
      return allOk ? 0 : 1;
    }
  }
}
