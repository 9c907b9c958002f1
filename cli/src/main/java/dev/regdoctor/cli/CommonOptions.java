package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.probe.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Options every network command shares. */
final class CommonOptions {
  @Option(
      names = "--json",
      description = "Print JSON instead of text (each command names its schema).")
  boolean json;

  @Option(
      names = "--lang",
      paramLabel = "en|zh-CN",
      description = "Language of summaries and remediation (default: from the JVM locale).")
  String lang;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "Budget per image, e.g. 10s or 500ms (default: ${DEFAULT-VALUE}); everything probed"
              + " for the image (mirrors, upstream, comparisons) shares it.")
  Duration timeout;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description = "Also trust the CA certificates in this PEM file (repeatable).")
  List<Path> caFiles = new ArrayList<>();

  @Option(
      names = "--insecure",
      description = "Treat every registry as insecure: plain HTTP allowed, TLS not verified.")
  boolean insecure;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST[:PORT]|CIDR",
      description =
          "Treat this registry as insecure, like daemon.json insecure-registries (repeatable).")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(
      names = "--plain-http",
      paramLabel = "HOST:PORT",
      description = "Reach this registry over plain HTTP directly (repeatable).")
  List<String> plainHttp = new ArrayList<>();

  @Option(
      names = "--resolve",
      paramLabel = "HOST:PORT:ADDRESS",
      description =
          "Connect to ADDRESS for HOST, like curl --resolve; TLS still checks HOST (repeatable).")
  List<String> resolve = new ArrayList<>();

  @Option(names = "--debug", description = "Show stack traces for unexpected errors.")
  boolean debug;

  Locale locale() {
    return lang == null ? defaultLocale() : Terminal.locale(lang);
  }

  /** Returns the language without {@code --lang}: Chinese for a {@code zh} JVM locale. */
  static Locale defaultLocale() {
    return Locale.getDefault().getLanguage().equals("zh")
        ? Locale.SIMPLIFIED_CHINESE
        : Locale.ENGLISH;
  }

  /**
   * Builds the doctor; a bad {@code --ca-file} surfaces here and is reported under the flag's name,
   * not the library's, and a proxy variable naming a proxy the library cannot use under the
   * variable's name ({@code HTTPS_PROXY: 'socks5://…' is a SOCKS proxy, …}).
   */
  RegistryDoctor build(RegistryDoctor.Builder builder) {
    try {
      return builder.build();
    } catch (InvalidSettingException e) {
      // HTTPS_PROXY=socks5://…: the environment, read by build(), names a proxy the library
      // cannot use; say which variable, never its credentials (the reason quotes it redacted)
      throw Cli.UsageError.quoting(e.setting() + ": ", e.reason());
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("caCertificate ")) {
        throw Cli.UsageError.quoting("--ca-file ", message.substring("caCertificate ".length()));
      }
      throw e;
    }
  }

  /**
   * Returns a description of each {@code --plain-http} entry that no image's registry matches: the
   * flag then changes nothing, which the reports must say.
   */
  List<String> unusedPlainHttp(List<String> images) {
    List<String> unused = new ArrayList<>();
    for (String entry : plainHttp) {
      dev.regdoctor.probe.ProbeSettings one =
          dev.regdoctor.probe.ProbeSettings.builder().plainHttpRegistry(entry).build();
      boolean used = false;
      for (String image : images) {
        try {
          String apiHost = dev.regdoctor.reference.ImageReference.parse(image).apiHost();
          used |= one.plainHttpPort(apiHost).isPresent();
        } catch (IllegalArgumentException e) {
          // an invalid reference gets its own finding
        }
      }
      if (!used) {
        unused.add(
            "--plain-http "
                + entry
                + " matches the registry of no image given, so nothing was reached over plain HTTP");
      }
    }
    return unused;
  }

  /**
   * Applies these options to {@code builder}; unreadable files are usage errors, and so are {@code
   * --ca-file}, {@code --resolve}, {@code --insecure-registry} and {@code --plain-http} values the
   * library's builder rejects ({@link dev.regdoctor.probe.ProbeSettings.Builder#insecureRegistry},
   * {@link dev.regdoctor.probe.ProbeSettings.Builder#plainHttpRegistry}): its reason under the
   * option's name, e.g. {@code --plain-http: '127.0.0.1' is not HOST:PORT, e.g. 127.0.0.1:5000 or
   * [::1]:5000 (the port is missing)}.
   */
  RegistryDoctor.Builder apply(RegistryDoctor.Builder builder) {
    builder.timeout(timeout).locale(locale()).insecure(insecure);
    for (Path file : caFiles) {
      if (!Files.isReadable(file)) {
        throw new Cli.UsageError("--ca-file " + file + ": cannot read the file");
      }
      try {
        builder.caFile(file);
      } catch (InvalidSettingException e) {
        throw Cli.UsageError.quoting("--ca-file: ", e.reason());
      }
    }
    try {
      insecureRegistries.forEach(builder::insecureRegistry);
    } catch (InvalidSettingException e) {
      throw Cli.UsageError.quoting("--insecure-registry: ", e.reason());
    }
    try {
      plainHttp.forEach(builder::plainHttpRegistry);
    } catch (InvalidSettingException e) {
      throw Cli.UsageError.quoting("--plain-http: ", e.reason());
    }
    try {
      resolve.forEach(builder::resolve);
    } catch (InvalidSettingException e) {
      throw Cli.UsageError.quoting("--resolve: ", e.reason());
    }
    return builder;
  }
}
