package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.probe.ProbeSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Bad option values are one-line usage errors naming the option and its accepted forms, exit 2,
 * before anything is probed (review defect 13: an "unexpected failure" with --pull-test, accepted
 * silently without it).
 */
@Timeout(30)
class OptionValuesTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(List<String> args) {
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--sample-size|1TiB|--sample-size: '1TiB' is not a size",
        "--sample-size|0|--sample-size: '0' is not a size",
        "--sample-size|512|--sample-size: '512' is not a size from 1KiB to 1GiB, e.g. 8MiB or 64MiB",
        "--large-image|abc|--large-image: 'abc' is not a size: a positive number of bytes, or with B,"
            + " K/KiB, KB, M/MiB, MB, G/GiB or GB, e.g. 8MiB",
        "--large-image-layers|0|--large-image-layers: '0' is not a positive number of layers",
        "--insecure-registry|999.1.1.1/40|--insecure-registry: '999.1.1.1/40' is not HOST,"
            + " HOST:PORT or a CIDR range, e.g. registry.local:5000 or 10.0.0.0/8",
        "--insecure-registry|10.0.0.0/33|--insecure-registry: '10.0.0.0/33' is not HOST",
        "--insecure-registry|host:99999|--insecure-registry: 'host:99999' is not HOST",
        "--plain-http|127.0.0.1|--plain-http: '127.0.0.1' is not HOST:PORT, e.g. 127.0.0.1:5000"
            + " or [::1]:5000 (the port is missing)",
        "--plain-http|127.0.0.1:0|--plain-http: '127.0.0.1:0' is not HOST:PORT",
        // the library's builder checks the value; the command line words its reason
        "--insecure-registry|http://registry.local:5000|--insecure-registry:"
            + " 'http://registry.local:5000' is not HOST, HOST:PORT or a CIDR range, e.g."
            + " registry.local:5000 or 10.0.0.0/8 (drop the scheme 'http://')",
        "--insecure-registry|'[::1]:70000'|--insecure-registry: '[::1]:70000' is not HOST,"
            + " HOST:PORT or a CIDR range, e.g. registry.local:5000 or 10.0.0.0/8 (registry port"
            + " must be between 1 and 65535)",
        "--plain-http|127.0.0.1:5000/v2|--plain-http: '127.0.0.1:5000/v2' is not HOST:PORT, e.g."
            + " 127.0.0.1:5000 or [::1]:5000 (a path is not allowed)",
        // no image can name such a registry, so the entry used to be accepted and change nothing
        "--plain-http|my-registry_1.local:80|--plain-http: 'my-registry_1.local:80' is not"
            + " HOST:PORT, e.g. 127.0.0.1:5000 or [::1]:5000 (character '_' is not allowed in a"
            + " registry host name)",
      })
  void badValueIsAOneLineUsageErrorWithOrWithoutPullTest(
      String option, String value, String message) {
    for (boolean pullTest : new boolean[] {false, true}) {
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);
      List<String> args = new ArrayList<>(List.of("diagnose", option, value));
      if (pullTest) {
        args.add("--pull-test");
      }
      args.addAll(List.of("--timeout", "1s", "127.0.0.1:1/team/app:1.0"));

      int status = run(args);

      assertThat(status).as("exit status, --pull-test " + pullTest).isEqualTo(2);
      assertThat(err.toString()).startsWith("regdoctor: " + message);
      assertThat(err.toString().lines()).hasSize(1);
      assertThat(err.toString()).doesNotContain("unexpected failure", "Exception");
      assertThat(out.toString()).isEmpty();
    }
  }

  /** The usage error quotes a value, never the password of user info pasted with it. */
  @Test
  void aPasswordInARegistryValueIsNeverEchoed() {
    for (String option : new String[] {"--insecure-registry", "--plain-http"}) {
      err.getBuffer().setLength(0);

      int status =
          run(
              List.of(
                  "diagnose",
                  option,
                  "alice:s3cr3t-pw@registry.local:5000",
                  "--timeout",
                  "1s",
                  "127.0.0.1:1/team/app:1.0"));

      assertThat(status).isEqualTo(2);
      assertThat(err.toString())
          .startsWith("regdoctor: " + option + ": '<redacted>@registry.local:5000' is not HOST")
          .contains("(user info is not allowed)")
          .doesNotContain("s3cr3t", "alice");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "--insecure-registry, registry.local",
    "--insecure-registry, registry.local:5000",
    "--insecure-registry, 10.0.0.0/8",
    "--insecure-registry, fd00::/8",
    "--insecure-registry, '[::1]:5000'",
    "--plain-http, '[::1]:5000'",
    "--plain-http, my-registry-1.local:80",
  })
  void validValuesPass(String option, String value) {
    CommonOptions options = new CommonOptions();
    options.timeout = java.time.Duration.ofSeconds(1);
    if (option.equals("--plain-http")) {
      options.plainHttp.add(value);
    } else {
      options.insecureRegistries.add(value);
    }

    assertThatCode(() -> options.apply(RegistryDoctor.builder())).doesNotThrowAnyException();
  }

  /** --sample-size takes exactly the library's range, and its help says so. */
  @Test
  void sampleSizeFollowsTheLibrarysRange() {
    long min = ProbeSettings.MIN_PULL_SAMPLE_BYTES;
    long max = ProbeSettings.MAX_PULL_SAMPLE_BYTES;
    for (long bytes : new long[] {min, min + 1, max - 1, max}) {
      PullTestOptions options = pullTest(bytes);

      assertThatCode(() -> options.apply(RegistryDoctor.builder()))
          .as(bytes + " bytes")
          .doesNotThrowAnyException();
    }
    for (long bytes : new long[] {min - 1, max + 1}) {
      assertThatThrownBy(() -> pullTest(bytes).apply(RegistryDoctor.builder()))
          .as(bytes + " bytes")
          .isInstanceOf(Cli.UsageError.class)
          .hasMessage(
              "--sample-size: '" + bytes + "' is not a size from 1KiB to 1GiB, e.g. 8MiB or 64MiB");
    }
    assertThat(PullTestOptions.SAMPLE_RANGE)
        .isEqualTo(PullTestOptions.sizeText(min) + " to " + PullTestOptions.sizeText(max))
        .isEqualTo("1KiB to 1GiB");

    String help = Cli.commandLine().getSubcommands().get("diagnose").getUsageMessage();

    assertThat(help.replaceAll("\\s+", " "))
        .contains(
            "--sample-size=SIZE How much of the largest layer to download, "
                + PullTestOptions.SAMPLE_RANGE
                + ", e.g. 64MiB (default: 8MiB).");
  }

  private static PullTestOptions pullTest(long sampleBytes) {
    PullTestOptions options = new PullTestOptions();
    options.pullTest = true;
    options.sampleSize = Long.toString(sampleBytes);
    options.largeImage = "500MiB";
    options.largeImageLayers = 30;
    options.slowPull = java.time.Duration.ofSeconds(60);
    return options;
  }
}
