package dev.regdoctor.credentials;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The parts of Go's {@code net/url.Parse} and {@code net.SplitHostPort} that docker and the kubelet
 * rely on when they turn credential keys into hosts and paths. Only absolute URLs ({@code
 * scheme://authority/path}) are modelled; anything else yields an empty host, as in Go.
 *
 * @param scheme the scheme, lower-cased
 * @param host the host with its port, percent-decoded ({@code url.URL.Host})
 * @param path the percent-decoded path ({@code url.URL.Path})
 */
record GoUrl(String scheme, String host, String path) {

  /**
   * Parses {@code raw} as Go's {@code url.Parse} does for absolute URLs.
   *
   * @return the parts, or {@code null} where Go returns an error
   */
  static @Nullable GoUrl parse(String raw) {
    int hash = raw.indexOf('#');
    String rest = hash >= 0 ? raw.substring(0, hash) : raw;
    if (hash >= 0 && unescape(raw.substring(hash + 1), Mode.FRAGMENT) == null) {
      return null;
    }
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return null;
      }
    }
    // getScheme: letters first, then letters, digits, '+', '-', '.', up to ':'.
    String scheme = "";
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (isAsciiLetter(c)) {
        continue;
      }
      if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          break;
        }
        continue;
      }
      if (c == ':') {
        if (i == 0) {
          return null; // "missing protocol scheme"
        }
        scheme = rest.substring(0, i).toLowerCase(java.util.Locale.ROOT);
        rest = rest.substring(i + 1);
      }
      break;
    }
    int question = rest.indexOf('?');
    if (question >= 0) {
      rest = rest.substring(0, question);
    }
    if (!scheme.isEmpty() && !rest.startsWith("/")) {
      return new GoUrl(scheme, "", ""); // an opaque URL such as "mailto:x"
    }
    String host = "";
    if (!scheme.isEmpty() && rest.startsWith("//") && !rest.startsWith("///")) {
      String authority = rest.substring(2);
      int slash = authority.indexOf('/');
      if (slash >= 0) {
        rest = authority.substring(slash);
        authority = authority.substring(0, slash);
      } else {
        rest = "";
      }
      int at = authority.lastIndexOf('@');
      if (at >= 0 && !validUserinfo(authority.substring(0, at))) {
        return null;
      }
      String parsedHost = parseHost(at >= 0 ? authority.substring(at + 1) : authority);
      if (parsedHost == null) {
        return null;
      }
      host = parsedHost;
    }
    String path = unescape(rest, Mode.PATH);
    if (path == null) {
      return null;
    }
    return new GoUrl(scheme, host, path);
  }

  /** Returns the host without port and IPv6 brackets ({@code url.URL.Hostname}). */
  String hostname() {
    String h = host;
    int colon = h.lastIndexOf(':');
    if (colon >= 0 && validOptionalPort(h.substring(colon))) {
      h = h.substring(0, colon);
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h;
  }

  /** Returns the port, or {@code ""} ({@code url.URL.Port}). */
  String port() {
    int colon = host.lastIndexOf(':');
    if (colon >= 0 && validOptionalPort(host.substring(colon))) {
      return host.substring(colon + 1);
    }
    return "";
  }

  /** Returns {@code host:port}, bracketing IPv6 hosts ({@code net.JoinHostPort}). */
  static String joinHostPort(String host, String port) {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  private static @Nullable String parseHost(String host) {
    if (host.startsWith("[")) {
      int close = host.lastIndexOf(']');
      if (close < 0 || !validOptionalPort(host.substring(close + 1))) {
        return null;
      }
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
        return null;
      }
    }
    return unescape(host, Mode.HOST);
  }

  private static boolean validOptionalPort(String port) {
    if (port.isEmpty()) {
      return true;
    }
    if (port.charAt(0) != ':') {
      return false;
    }
    for (int i = 1; i < port.length(); i++) {
      char c = port.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean validUserinfo(String userinfo) {
    for (int i = 0; i < userinfo.length(); i++) {
      char c = userinfo.charAt(i);
      if (isAsciiLetter(c) || (c >= '0' && c <= '9') || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0) {
        continue;
      }
      return false;
    }
    return true;
  }

  private enum Mode {
    HOST,
    PATH,
    FRAGMENT
  }

  /** Go's {@code unescape}: validates escapes (and host characters), then decodes. */
  private static @Nullable String unescape(String s, Mode mode) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (b == '%') {
        if (i + 2 >= bytes.length || hex(bytes[i + 1]) < 0 || hex(bytes[i + 2]) < 0) {
          return null;
        }
        int value = hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]);
        if (mode == Mode.HOST && hex(bytes[i + 1]) < 8 && value != 0x25) {
          return null;
        }
        out.write(value);
        i += 2;
        continue;
      }
      if (mode == Mode.HOST && b < 0x80 && !isHostChar((char) b)) {
        return null;
      }
      out.write(b);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHostChar(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9') || "-_.~!$&'()*+,;=:[]<>\"".indexOf(c) >= 0;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }
}
