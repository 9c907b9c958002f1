package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.RegistryDoctor;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --pull-test} and its thresholds. */
final class PullTestOptions {
  @Option(
      names = "--pull-test",
      description =
          "Also test the download: HEAD the config and every layer, sample the largest layer,"
              + " estimate the pull time (a manifest GET: counts as one pull on Docker Hub).")
  boolean pullTest;

  @Option(
      names = "--sample-size",
      paramLabel = "SIZE",
      defaultValue = "8MiB",
      description =
          "How much of the largest layer to download, e.g. 8MiB or 64MiB (default: ${DEFAULT-VALUE}).")
  String sampleSize;

  @Option(
      names = "--slow-pull",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description = "SLOW_PULL above this estimated transfer time (default: ${DEFAULT-VALUE}).")
  Duration slowPull;

  @Option(
      names = "--large-image",
      paramLabel = "SIZE",
      defaultValue = "500MiB",
      description = "LARGE_IMAGE above this compressed size (default: ${DEFAULT-VALUE}).")
  String largeImage;

  @Option(
      names = "--large-image-layers",
      paramLabel = "N",
      defaultValue = "30",
      description = "LARGE_IMAGE above this many layers (default: ${DEFAULT-VALUE}).")
  int largeImageLayers;

  RegistryDoctor.Builder apply(RegistryDoctor.Builder builder) {
    if (!pullTest) {
      return builder;
    }
    try {
      return builder
          .pullTest(true)
          .pullSampleBytes(bytes("--sample-size", sampleSize))
          .slowPullThreshold(slowPull)
          .largeImageThreshold(bytes("--large-image", largeImage), largeImageLayers);
    } catch (IllegalArgumentException e) {
      throw Cli.UsageError.quoting("", e.getMessage());
    }
  }

  /** Parses {@code 8MiB}, {@code 64M}, {@code 1GiB}, {@code 500KB} or a number of bytes. */
  static long bytes(String option, String text) {
    String value = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    long unit = 1;
    String[][] units = {
      {"gib", "1073741824"},
      {"gb", "1000000000"},
      {"g", "1073741824"},
      {"mib", "1048576"},
      {"mb", "1000000"},
      {"m", "1048576"},
      {"kib", "1024"},
      {"kb", "1000"},
      {"k", "1024"},
      {"b", "1"}
    };
    for (String[] candidate : units) {
      if (value.endsWith(candidate[0])) {
        unit = Long.parseLong(candidate[1]);
        value = value.substring(0, value.length() - candidate[0].length());
        break;
      }
    }
    try {
      double number = Double.parseDouble(value);
      if (number <= 0 || Double.isNaN(number)) {
        throw new NumberFormatException();
      }
      return Math.round(number * unit);
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          option + ": '" + text + "' is not a size such as 8MiB or 500MB");
    }
  }
}
