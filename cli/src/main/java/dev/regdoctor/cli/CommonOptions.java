package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.RegistryDoctor;
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
      description = "Budget per image, e.g. 10s or 500ms (default: ${DEFAULT-VALUE}).")
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
    if (lang == null) {
      return Locale.getDefault().getLanguage().equals("zh")
          ? Locale.SIMPLIFIED_CHINESE
          : Locale.ENGLISH;
    }
    return Terminal.locale(lang);
  }

  /**
   * Builds the doctor; a bad {@code --ca-file} surfaces here and is reported under the flag's name,
   * not the library's.
   */
  RegistryDoctor build(RegistryDoctor.Builder builder) {
    try {
      return builder.build();
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
   * Returns {@code entry} if it is a {@code --insecure-registry} value: a CIDR range (a strict IP
   * literal and a prefix length that fits it) when it holds a {@code /}, else {@code HOST[:PORT]}.
   *
   * @throws Cli.UsageError naming the option, the value and the accepted forms
   */
  static String insecureRegistry(String entry) {
    boolean valid =
        entry.indexOf('/') >= 0
            ? dev.regdoctor.endpoint.Cidr.parse(entry).isPresent()
            : hostPort(entry, false);
    if (!valid) {
      throw new Cli.UsageError(
          "--insecure-registry: '"
              + entry
              + "' is not HOST, HOST:PORT or a CIDR range, e.g. registry.local:5000 or"
              + " 10.0.0.0/8");
    }
    return entry;
  }

  /**
   * Returns {@code entry} if it is a {@code --plain-http} value: {@code HOST:PORT}, the port from 1
   * to 65535 ({@code [::1]:5000} for IPv6).
   *
   * @throws Cli.UsageError naming the option, the value and the accepted form
   */
  static String plainHttp(String entry) {
    if (!hostPort(entry, true)) {
      throw new Cli.UsageError(
          "--plain-http: '" + entry + "' is not HOST:PORT, e.g. 127.0.0.1:5000 or [::1]:5000");
    }
    return entry;
  }

  /**
   * Returns whether {@code text} is a host name, IPv4 address or bracketed IPv6 address, with a
   * port from 1 to 65535 (required when {@code portRequired}).
   */
  private static boolean hostPort(String text, boolean portRequired) {
    String host = text;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        return false;
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return false;
        }
        port = rest.substring(1);
      }
      if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':')) {
        return false;
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon >= 0) {
        host = text.substring(0, colon);
        port = text.substring(colon + 1);
      }
      if (host.isEmpty()
          || !host.chars()
              .allMatch(
                  c ->
                      c >= 'a' && c <= 'z'
                          || c >= 'A' && c <= 'Z'
                          || c >= '0' && c <= '9'
                          || c == '.'
                          || c == '-'
                          || c == '_')) {
        return false;
      }
    }
    if (port == null) {
      return !portRequired;
    }
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    int number = Integer.parseInt(port);
    return number >= 1 && number <= 65535;
  }

  /** Applies these options to {@code builder}; unreadable files are usage errors. */
  RegistryDoctor.Builder apply(RegistryDoctor.Builder builder) {
    builder.timeout(timeout).locale(locale()).insecure(insecure);
    for (Path file : caFiles) {
      if (!Files.isReadable(file)) {
        throw new Cli.UsageError("--ca-file " + file + ": cannot read the file");
      }
      builder.caFile(file);
    }
    for (String entry : insecureRegistries) {
      builder.insecureRegistry(insecureRegistry(entry));
    }
    for (String entry : plainHttp) {
      builder.plainHttpRegistry(plainHttp(entry));
    }
    resolve.forEach(builder::resolve);
    return builder;
  }
}
