package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.probe.ProbeSettings;
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

  // the description states the library's range: set by describe(), from ProbeSettings
  @Option(names = "--sample-size", paramLabel = "SIZE", defaultValue = "8MiB")
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

  /**
   * The sample sizes the library takes, for help and errors: {@code 1KiB to 1GiB}, from {@link
   * ProbeSettings#MIN_PULL_SAMPLE_BYTES} and {@link ProbeSettings#MAX_PULL_SAMPLE_BYTES}.
   */
  static final String SAMPLE_RANGE =
      sizeText(ProbeSettings.MIN_PULL_SAMPLE_BYTES)
          + " to "
          + sizeText(ProbeSettings.MAX_PULL_SAMPLE_BYTES);

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
    if (!isSampleSize(sample)) {
      throw new Cli.UsageError(
          "--sample-size: '"
              + sampleSize
              + "' is not a size from "
              + SAMPLE_RANGE
              + ", e.g. 8MiB or 64MiB");
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

  /** Returns whether the library takes {@code bytes} as the pull test's sample size. */
  static boolean isSampleSize(long bytes) {
    return bytes >= ProbeSettings.MIN_PULL_SAMPLE_BYTES
        && bytes <= ProbeSettings.MAX_PULL_SAMPLE_BYTES;
  }

  /** Gives {@code --sample-size} its help, which states the library's range. */
  static void describe(CommandLine.Model.CommandSpec spec) {
    CommandLine.Model.OptionSpec option = spec.findOption("--sample-size");
    if (option == null) {
      return;
    }
    spec.remove(option);
    spec.addOption(
        option.toBuilder()
            .description(
                "How much of the largest layer to download, "
                    + SAMPLE_RANGE
                    + ", e.g. 64MiB (default: ${DEFAULT-VALUE}).")
            .build());
  }

  /**
   * Writes {@code bytes} in the largest binary unit that divides it: {@code 1KiB}, {@code 1GiB}.
   */
  static String sizeText(long bytes) {
    String[] units = {"GiB", "MiB", "KiB"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (10 * (units.length - i));
      if (bytes >= unit && bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return bytes + "B";
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
