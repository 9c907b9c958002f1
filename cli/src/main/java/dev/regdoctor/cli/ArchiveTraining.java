package dev.regdoctor.cli;

import dev.regdoctor.testkit.EmbeddedRegistry;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.tls.HeldCertificate;

/**
 * The training run that the build uses to write the class-data archive of {@code regdoctor.jar}
 * (AppCDS, or the AOT cache of a JDK 25 or later): it runs what users run most — {@code --help},
 * {@code explain} of fixed messages, and {@code diagnose} (text and JSON, found and missing tags,
 * plain HTTP named or found after HTTPS was tried, TLS with a CA file, and the pull test) against
 * short-lived in-process registries on 127.0.0.1. It never contacts anything but loopback. Not part
 * of the command line users see.
 */
public final class ArchiveTraining {
  /** Messages that exercise the explainer's common rules; fixed, so archives are reproducible. */
  static final List<String> MESSAGES =
      List.of(
          "x509: certificate signed by unknown authority",
          "Error response from daemon: pull access denied for shop/web, repository does not exist"
              + " or may require 'docker login': denied: requested access to the resource is"
              + " denied",
          "Failed to pull image \"registry.example.com/team/app:1.4\": rpc error: code = NotFound"
              + " desc = failed to pull and unpack image: not found",
          "Error response from daemon: Get \"https://registry.example.com/v2/\": dial tcp"
              + " 10.0.0.5:443: connect: connection refused",
          "toomanyrequests: You have reached your pull rate limit.",
          // No rule knows this wording, so the wording model answers (ACCESS_DENIED): its classes
          // and the reading of its weights are archived too. Should a rule learn the wording,
          // ArchiveTrainingTest says so and another text the rules leave UNKNOWN goes here.
          "Error: pulling image \"registry.example.com:5000/team/app:1.4\" failed: access to this"
              + " repository is forbidden for your account");

  private ArchiveTraining() {}

  /**
   * Runs the training commands and exits 0, or 1 when one was a usage error (the build then fails
   * instead of archiving a broken path).
   */
  public static void main(String[] args) throws Exception {
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    List<String> problems = new ArrayList<>();
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8");
    System.setOut(discard);
    System.setErr(discard);
    Path caFile = Files.createTempFile("regdoctor-training", ".pem");
    HeldCertificate certificate =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("127.0.0.1")
            .commonName("127.0.0.1")
            .build();
    try (EmbeddedRegistry plain = EmbeddedRegistry.start();
        EmbeddedRegistry tls =
            EmbeddedRegistry.builder().storageOf(plain).tls(certificate).start()) {
      Files.writeString(caFile, certificate.certificatePem());
      ImageSeeder.to(plain.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 256);
      ImageSeeder.to(plain.baseUrl())
          .pushImage("team/layers", "1.0", Platform.LINUX_AMD64, 1, 64 * 1024);
      String found = plain.hostPort() + "/team/app:1.0";
      String layered = plain.hostPort() + "/team/layers:1.0";
      String missing = plain.hostPort() + "/team/app:2.0";
      String overTls = tls.hostPort() + "/team/app:1.0";
      train(problems, "--help");
      train(problems, "diagnose", "--help");
      train(problems, "explain", "--help");
      for (String message : MESSAGES) {
        train(problems, "explain", message);
      }
      train(problems, "explain", "--json", MESSAGES.get(0));
      for (int round = 0; round < 3; round++) {
        train(problems, "diagnose", "--ca-file", caFile.toString(), overTls);
        train(problems, "diagnose", "--plain-http", plain.hostPort(), found);
        // a loopback registry named without --plain-http: HTTPS is tried first, then plain HTTP
        train(problems, "diagnose", found);
        train(problems, "diagnose", "--json", "--plain-http", plain.hostPort(), found);
        train(problems, "diagnose", "--json", "--plain-http", plain.hostPort(), found, missing);
        train(problems, "diagnose", "--lang", "zh-CN", "--plain-http", plain.hostPort(), missing);
        // the pull test: a ranged sample and a whole, verified layer, so that the body reader's
        // classes come from the archive instead of being read from the jar and verified inside
        // the timed window
        train(problems, "diagnose", "--pull-test", "--plain-http", plain.hostPort(), found);
        train(
            problems,
            "diagnose",
            "--json",
            "--pull-test",
            "--sample-size",
            "16KiB",
            "--plain-http",
            plain.hostPort(),
            layered);
      }
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
      Files.deleteIfExists(caFile);
    }
    if (!problems.isEmpty()) {
      realErr.println("regdoctor archive training: " + String.join("; ", problems));
      System.exit(1);
    }
    realOut.println("regdoctor archive training: done");
  }

  private static void train(List<String> problems, String... args) {
    // any verdict will do (exit codes are the CLI's business); a usage error means the training
    // no longer matches the command line and would archive an error path
    Warmup.start(args); // as Main.main does: its classes belong in the archive too
    int status = Main.run(args);
    if (status == Cli.USAGE) {
      problems.add(String.join(" ", args) + " exited " + status + " (usage error)");
    }
  }
}
