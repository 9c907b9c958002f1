package dev.regdoctor.junit5;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.reference.Platform;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The settings one {@link RegistryDoctor} is built with, merged from a {@link RequiresRegistry}
 * annotation and the {@code regdoctor.*} configuration parameters. Values are normalised (lists
 * trimmed, lowercased where the doctor ignores case, deduplicated and sorted; paths absolute) so
 * that equal settings are equal records: they key the doctors and reports cached for a test run.
 *
 * @param timeout the overall budget per image
 * @param platform the platform to check, e.g. {@code linux/amd64}
 * @param insecureRegistries hosts, {@code host:port}s or CIDRs treated as insecure
 * @param plainHttpRegistries {@code host:port}s reached over plain HTTP
 * @param caFiles PEM files of extra CA certificates
 * @param dockerConfig the Docker configuration (a directory holding {@code config.json}, or the
 *     file) to take credentials from, or {@code null} for the local one, as {@link
 *     RegistryDoctor#builder()} finds it
 * @param locale the language of reports
 */
record DoctorSettings(
    Duration timeout,
    String platform,
    List<String> insecureRegistries,
    List<String> plainHttpRegistries,
    List<Path> caFiles,
    @Nullable Path dockerConfig,
    Locale locale) {

  /** The budget per image when neither attribute nor parameter sets one. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Validates and copies. */
  DoctorSettings {
    requireNonNull(timeout, "timeout");
    requireNonNull(platform, "platform");
    requireNonNull(locale, "locale");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive but was " + timeout);
    }
    insecureRegistries = List.copyOf(insecureRegistries);
    plainHttpRegistries = List.copyOf(plainHttpRegistries);
    caFiles = List.copyOf(caFiles);
  }

  /**
   * Returns the settings of the assertions without a doctor: the local Docker configuration, 10 s,
   * {@code linux/amd64}, the JVM's locale.
   */
  static DoctorSettings defaults() {
    return new DoctorSettings(
        DEFAULT_TIMEOUT,
        Platform.DEFAULT.toString(),
        List.of(),
        List.of(),
        List.of(),
        null,
        Locale.getDefault());
  }

  /**
   * Merges {@code annotation} (when there is one) over the configuration {@code parameters}: a set
   * attribute wins over its parameter, list attributes are added to the parameter's list. {@code
   * ${name}} placeholders in attributes are replaced by parameters; parameter values are taken as
   * they are.
   *
   * @throws IllegalArgumentException naming the attribute or parameter whose value is invalid
   */
  static DoctorSettings resolve(
      @Nullable RequiresRegistry annotation, Function<String, Optional<String>> parameters) {
    requireNonNull(parameters, "parameters");
    Function<String, String> expand = text -> Placeholders.expand(text, parameters);
    String where =
        annotation == null ? "" : " of @RequiresRegistry(\"" + annotation.value() + "\")";

    Duration timeout = DEFAULT_TIMEOUT;
    Optional<String> timeoutParameter =
        nonBlank(parameters, RegistryDoctorExtension.TIMEOUT_PARAMETER);
    if (annotation != null && !annotation.timeout().isBlank()) {
      timeout = DurationText.parse("timeout" + where, expand.apply(annotation.timeout()));
    } else if (timeoutParameter.isPresent()) {
      timeout =
          DurationText.parse(RegistryDoctorExtension.TIMEOUT_PARAMETER, timeoutParameter.get());
    }

    String platform = Platform.DEFAULT.toString();
    Optional<String> platformParameter =
        nonBlank(parameters, RegistryDoctorExtension.PLATFORM_PARAMETER);
    if (annotation != null && !annotation.platform().isBlank()) {
      platform = platform("platform" + where, expand.apply(annotation.platform()));
    } else if (platformParameter.isPresent()) {
      platform = platform(RegistryDoctorExtension.PLATFORM_PARAMETER, platformParameter.get());
    }

    Path dockerConfig = null;
    Optional<String> dockerConfigParameter =
        nonBlank(parameters, RegistryDoctorExtension.DOCKER_CONFIG_PARAMETER);
    if (annotation != null && !annotation.dockerConfig().isBlank()) {
      dockerConfig = path("dockerConfig" + where, expand.apply(annotation.dockerConfig()).trim());
    } else if (dockerConfigParameter.isPresent()) {
      dockerConfig =
          path(RegistryDoctorExtension.DOCKER_CONFIG_PARAMETER, dockerConfigParameter.get().trim());
    }

    Locale locale =
        nonBlank(parameters, RegistryDoctorExtension.LOCALE_PARAMETER)
            .map(tag -> locale(RegistryDoctorExtension.LOCALE_PARAMETER, tag))
            .orElse(Locale.getDefault());

    List<String> insecure =
        hosts(
            parameters,
            RegistryDoctorExtension.INSECURE_REGISTRIES_PARAMETER,
            annotation == null ? List.of() : expandAll(annotation.insecureRegistries(), expand));
    List<String> plainHttp =
        hosts(
            parameters,
            RegistryDoctorExtension.PLAIN_HTTP_REGISTRIES_PARAMETER,
            annotation == null ? List.of() : expandAll(annotation.plainHttpRegistries(), expand));
    List<Path> caFiles =
        paths(
            parameters,
            RegistryDoctorExtension.CA_FILES_PARAMETER,
            annotation == null ? List.of() : expandAll(annotation.caFiles(), expand),
            "caFiles" + where);
    return new DoctorSettings(
        timeout, platform, insecure, plainHttp, caFiles, dockerConfig, locale);
  }

  /**
   * Returns a new doctor with these settings; the caller closes it. Credentials come from {@link
   * #dockerConfig()} when set, else from the local Docker configuration, as the docker CLI finds
   * them; a configuration that cannot be parsed shows as a {@code CONFIG_INVALID} finding.
   *
   * @throws IllegalArgumentException if a CA file or the Docker configuration does not exist or
   *     cannot be read
   */
  RegistryDoctor newDoctor() {
    RegistryDoctor.Builder builder =
        RegistryDoctor.builder().timeout(timeout).platform(platform).locale(locale);
    insecureRegistries.forEach(builder::insecureRegistry);
    plainHttpRegistries.forEach(builder::plainHttpRegistry);
    caFiles.forEach(builder::caFile);
    if (dockerConfig != null) {
      // A test suite's configured path that does not exist is a typo to fail on, not Docker's
      // "no configuration" (which the library and the CLI diagnose on with).
      if (!java.nio.file.Files.exists(dockerConfig)) {
        throw new IllegalArgumentException(
            "docker config "
                + dockerConfig
                + " does not exist; a test configuration must name an existing file or directory"
                + " (an empty directory means no configuration: anonymous checks)");
      }
      builder.dockerConfig(dockerConfig);
    }
    return builder.build();
  }

  /** Returns the parameter {@code name} when it is set and not blank. */
  static Optional<String> nonBlank(Function<String, Optional<String>> parameters, String name) {
    return parameters.apply(name).filter(value -> !value.isBlank());
  }

  /** Splits a comma-separated parameter value into its trimmed, non-empty entries. */
  static List<String> split(String value) {
    List<String> entries = new ArrayList<>();
    for (String entry : value.split(",", -1)) {
      if (!entry.isBlank()) {
        entries.add(entry.trim());
      }
    }
    return entries;
  }

  private static String platform(String name, String text) {
    try {
      return Platform.parse(text.trim()).toString();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static Locale locale(String name, String tag) {
    try {
      return new Locale.Builder().setLanguageTag(tag.trim()).build();
    } catch (IllformedLocaleException e) {
      throw new IllegalArgumentException(
          name + " must be a language tag such as en or zh-CN but was \"" + tag + "\"", e);
    }
  }

  private static List<String> expandAll(String[] values, Function<String, String> expand) {
    return Arrays.stream(values)
        .filter(value -> !value.isBlank())
        .map(expand)
        .map(String::trim)
        .toList();
  }

  private static List<String> hosts(
      Function<String, Optional<String>> parameters, String name, List<String> attribute) {
    TreeSet<String> hosts = new TreeSet<>();
    nonBlank(parameters, name)
        .ifPresent(value -> split(value).forEach(host -> hosts.add(host.toLowerCase(Locale.ROOT))));
    attribute.forEach(host -> hosts.add(host.toLowerCase(Locale.ROOT)));
    return List.copyOf(hosts);
  }

  private static List<Path> paths(
      Function<String, Optional<String>> parameters,
      String name,
      List<String> attribute,
      String attributeName) {
    TreeSet<Path> paths = new TreeSet<>();
    nonBlank(parameters, name)
        .ifPresent(value -> split(value).forEach(path -> paths.add(path(name, path))));
    attribute.forEach(path -> paths.add(path(attributeName, path)));
    return List.copyOf(paths);
  }

  private static Path path(String name, String text) {
    try {
      return Path.of(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(name + " must be a file path but has \"" + text + "\"", e);
    }
  }
}
