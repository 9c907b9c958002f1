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
          "How much of the largest layer to download, 1KiB to 1GiB, e.g. 64MiB (default:"
              + " ${DEFAULT-VALUE}).")
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

  /** The smallest and largest {@code --sample-size} (as {@code ProbeSettings} accepts). */
  private static final long MIN_SAMPLE_BYTES = 1024;

  private static final long MAX_SAMPLE_BYTES = 1024L * 1024 * 1024;

  /** The sizes a size option accepts, for its error message. */
  private static final String SIZE_FORMS =
      "a positive number of bytes, or with B, K/KiB, KB, M/MiB, MB, G/GiB or GB, e.g. 8MiB";

  /**
   * Applies the options; every value is checked first, with or without {@code --pull-test} (a bad
   * value used to be accepted silently without it, and an unexpected failure with it).
   *
   * @throws Cli.UsageError naming the option, the value and the accepted forms
   */
  RegistryDoctor.Builder apply(RegistryDoctor.Builder builder) {
    long sample = size("--sample-size", sampleSize);
    if (sample < MIN_SAMPLE_BYTES || sample > MAX_SAMPLE_BYTES) {
      throw new Cli.UsageError(
          "--sample-size: '"
              + sampleSize
              + "' is not a size from 1KiB to 1GiB, e.g. 8MiB or 64MiB");
    }
    long large = size("--large-image", largeImage);
    if (largeImageLayers < 1) {
      throw new Cli.UsageError(
          "--large-image-layers: '" + largeImageLayers + "' is not a positive number of layers");
    }
    if (!pullTest) {
      return builder;
    }
    try {
      return builder
          .pullTest(true)
          .pullSampleBytes(sample)
          .slowPullThreshold(slowPull)
          .largeImageThreshold(large, largeImageLayers);
    } catch (IllegalArgumentException e) {
      throw Cli.UsageError.quoting("", e.getMessage());
    }
  }

  private static long size(String option, String text) {
    try {
      return bytes(option, text);
    } catch (CommandLine.TypeConversionException e) {
      throw new Cli.UsageError(option + ": '" + text + "' is not a size: " + SIZE_FORMS);
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
