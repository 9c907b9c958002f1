package dev.regdoctor.probe;

import dev.regdoctor.endpoint.Cidr;
import dev.regdoctor.endpoint.HostPort;
import dev.regdoctor.internal.http.IpLiterals;
import dev.regdoctor.internal.http.Redaction;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Checks the registry entries of {@link ProbeSettings.Builder}: insecure registries ({@code host},
 * {@code host:port} or CIDR) and plain-HTTP registries ({@code host:port}). Hosts follow the image
 * reference grammar ({@link ImageReference#checkRegistry}), so an accepted entry names a registry
 * an image can have; CIDR ranges follow {@link Cidr#parse}.
 */
final class RegistryEntries {
  static final String INSECURE_FORMS =
      "HOST, HOST:PORT or a CIDR range, e.g. registry.local:5000 or 10.0.0.0/8";
  static final String PLAIN_HTTP_FORMS = "HOST:PORT, e.g. 127.0.0.1:5000 or [::1]:5000";

  /** Values longer than this are shortened in errors so one bad value cannot flood a log. */
  private static final int MAX_QUOTED_LENGTH = 256;

  private RegistryEntries() {}

  /**
   * Returns {@code entry} trimmed and lowercased if it is an insecure registry.
   *
   * @throws InvalidSettingException naming {@code setting}, the value and what is wrong
   */
  static String insecure(String setting, String entry) {
    return checked(setting, entry, INSECURE_FORMS, RegistryEntries::insecureProblem);
  }

  /**
   * Returns {@code entry} trimmed and lowercased if it is a plain-HTTP registry.
   *
   * @throws InvalidSettingException naming {@code setting}, the value and what is wrong
   */
  static String plainHttp(String setting, String entry) {
    return checked(setting, entry, PLAIN_HTTP_FORMS, RegistryEntries::plainHttpProblem);
  }

  /** Returns {@code entry} trimmed and lowercased when {@code problemOf} finds nothing wrong. */
  private static String checked(
      String setting, String entry, String forms, Function<String, @Nullable String> problemOf) {
    String text = notBlank(setting, entry);
    String problem = problemOf.apply(text);
    if (problem != null) {
      throw invalid(setting, text, forms, problem);
    }
    return text.toLowerCase(Locale.ROOT);
  }

  private static @Nullable String insecureProblem(String text) {
    String problem = urlProblem(text);
    if (problem != null) {
      return problem;
    }
    int slash = text.indexOf('/');
    if (slash >= 0) {
      if (!isAddressLike(text.substring(0, slash))) {
        return "a path is not allowed";
      }
      return Cidr.parse(text).isPresent()
          ? null
          : "not a CIDR range: an IP address, '/' and a prefix length that fits it";
    }
    if (isBareIpv6(text)) {
      // dockerd accepts a bare IPv6 address (net.ParseIP), so daemon.json may hold one
      return IpLiterals.parse(text) != null
          ? null
          : "not an IPv6 address: write it in brackets, e.g. [fd00::1]:5000";
    }
    return grammarProblem(text);
  }

  private static @Nullable String plainHttpProblem(String text) {
    String problem = urlProblem(text);
    if (problem != null) {
      return problem;
    }
    if (text.indexOf('/') >= 0) {
      return Cidr.parse(text).isPresent()
          ? "a CIDR range is not allowed here, only one registry"
          : "a path is not allowed";
    }
    if (isBareIpv6(text)) {
      return "an IPv6 address needs brackets and a port, e.g. [::1]:5000";
    }
    problem = grammarProblem(text);
    if (problem != null) {
      return problem;
    }
    return HostPort.parse(text).port().isEmpty() ? "the port is missing" : null;
  }

  /** Names user info or a scheme, which entries never have: they name a registry, not a URL. */
  private static @Nullable String urlProblem(String text) {
    if (text.indexOf('@') >= 0) {
      return "user info is not allowed";
    }
    int separator = text.indexOf("://");
    if (separator > 0 && isScheme(text.substring(0, separator))) {
      return "drop the scheme '" + text.substring(0, separator + 3) + "'";
    }
    return null;
  }

  private static @Nullable String grammarProblem(String text) {
    try {
      ImageReference.checkRegistry(text);
      return null;
    } catch (InvalidReferenceException e) {
      return e.reason();
    }
  }

  private static boolean isBareIpv6(String text) {
    return !text.startsWith("[") && text.indexOf(':') != text.lastIndexOf(':');
  }

  /** Whether {@code text} could only be meant as an IP address (digits, hex, dots, colons). */
  private static boolean isAddressLike(String text) {
    return text.chars()
        .allMatch(
            c ->
                c >= '0' && c <= '9'
                    || c >= 'a' && c <= 'f'
                    || c >= 'A' && c <= 'F'
                    || c == '.'
                    || c == ':');
  }

  private static boolean isScheme(String text) {
    if (text.isEmpty() || !Character.isLetter(text.charAt(0))) {
      return false;
    }
    return text.chars()
        .allMatch(
            c -> c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '.' || c == '-'));
  }

  private static String notBlank(String setting, String entry) {
    String text = entry.trim();
    if (text.isEmpty()) {
      throw new InvalidSettingException(
          setting, entry.isEmpty() ? "" : quoted(entry), "must not be blank");
    }
    return text;
  }

  private static InvalidSettingException invalid(
      String setting, String text, String forms, String problem) {
    String value = quoted(text);
    return new InvalidSettingException(
        setting, value, "'" + value + "' is not " + forms + " (" + problem + ")");
  }

  /**
   * Returns {@code text} as errors quote it: user info replaced by {@code <redacted>} (an entry is
   * never meant to carry credentials, but one pasted from a URL may), other secrets the redactor
   * knows (a token in a query) masked, control characters escaped, long text shortened.
   */
  static String quoted(String text) {
    String safe = text;
    int at = text.lastIndexOf('@');
    if (at >= 0) {
      int separator = text.indexOf("://");
      int start = separator > 0 && separator < at ? separator + 3 : 0;
      safe = text.substring(0, start) + Redaction.MASK + text.substring(at);
    }
    // A query or fragment may carry a token (…/v2/?access_token=…): the redactor masks it.
    safe = Redaction.text(safe);
    StringBuilder out = new StringBuilder();
    int length = Math.min(safe.length(), MAX_QUOTED_LENGTH);
    for (int i = 0; i < length; i++) {
      char c = safe.charAt(i);
      if (Character.isISOControl(c)
          || Character.getType(c) == Character.LINE_SEPARATOR
          || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    if (safe.length() > MAX_QUOTED_LENGTH) {
      out.append("…(").append(safe.length()).append(" characters)");
    }
    return out.toString();
  }

  /**
   * Returns the port of the first plain-HTTP entry of {@code entries} that names the registry
   * {@code apiHost} (see {@link ProbeSettings#plainHttpPort}).
   */
  static java.util.OptionalInt plainHttpPort(java.util.List<String> entries, String apiHost) {
    HostPort image = HostPort.parse(apiHost);
    int imagePort = image.portNumber();
    for (String entry : entries) {
      HostPort wanted = HostPort.parse(entry);
      if (!IpLiterals.sameHost(wanted.host(), image.host())) {
        continue;
      }
      // every entry has a port: the builder rejects a bare host
      int port = wanted.portNumber();
      if (imagePort > 0 ? port == imagePort : port == 443 || port == 80) {
        return java.util.OptionalInt.of(port);
      }
    }
    return java.util.OptionalInt.empty();
  }
}
