package dev.regdoctor.diagnostics.explain;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits error text into lower-cased words for the wording model, with names abstracted so that the
 * model learns how failures are worded, not which hosts they happened on: URLs, IP addresses, host
 * names (with or without a port), digests, long hex ids, paths, image references and numbers become
 * placeholder tokens ({@code <url>}, {@code <ip>}, {@code <host>}, {@code <digest>}, {@code <hex>},
 * {@code <path>}, {@code <ref>}, {@code <num>}). Three-digit numbers from 100 to 599 stay, since an
 * HTTP status is wording. Each Chinese character is a word of its own.
 *
 * <p>One pass over the text without regular expressions: each character is read a bounded number of
 * times, so the cost is linear in the length of the text.
 */
final class WordingTokens {
  /** Words longer than this are cut, so that one token never holds a whole blob of text. */
  static final int MAX_WORD = 24;

  /** File name endings that are wording ({@code daemon.json}), not host names. */
  private static final Set<String> FILE_ENDINGS =
      Set.of(
          "json", "toml", "conf", "yaml", "yml", "sock", "pem", "crt", "cert", "key", "go", "java",
          "exe", "txt", "log", "sh", "py", "d", "so", "service", "socket", "tar", "gz", "db");

  private WordingTokens() {}

  /**
   * Where {@link #tokens(CharSequence, int, int, Sink, int)} puts the tokens it reads, in order: a
   * list of strings, or the word numbers the wording model scores with (no {@code String} per
   * word).
   */
  interface Sink {
    /** Returns the number of tokens taken so far. */
    int size();

    /**
     * Takes a token made by the tokenizer: a placeholder, an HTTP status or a Chinese character.
     */
    void add(String token);

    /**
     * Takes the word {@code text[from, to)} as {@code text.subSequence(from, to).toString()
     * .toLowerCase(Locale.ROOT)} reads.
     */
    void addLowercase(CharSequence text, int from, int to);
  }

  /** A sink that adds each token to a list of strings. */
  private record ListSink(List<String> out) implements Sink {
    @Override
    public int size() {
      return out.size();
    }

    @Override
    public void add(String token) {
      out.add(token);
    }

    @Override
    public void addLowercase(CharSequence text, int from, int to) {
      out.add(text.subSequence(from, to).toString().toLowerCase(Locale.ROOT));
    }
  }

  /** Returns a sink that adds each token to {@code out}. */
  static Sink sink(List<String> out) {
    return new ListSink(out);
  }

  /**
   * Appends the tokens of {@code text} to {@code out}, stopping once {@code out} holds {@code max}
   * tokens.
   */
  static void tokens(CharSequence text, List<String> out, int max) {
    tokens(text, 0, text.length(), out, max);
  }

  /** Appends the tokens of {@code text} between {@code from} and {@code to}, as above. */
  static void tokens(CharSequence text, int from, int to, List<String> out, int max) {
    tokens(text, from, to, sink(out), max);
  }

  /**
   * Gives the tokens of {@code text} between {@code from} and {@code to} to {@code out}, as above.
   */
  static void tokens(CharSequence text, int from, int to, Sink out, int max) {
    int length = to;
    int i = from;
    while (i < length && out.size() < max) {
      while (i < length && breaks(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < length && !breaks(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        chunk(text, start, i, out, max);
      }
    }
  }

  /** Characters between chunks: white space, quotes, brackets and list punctuation. */
  private static boolean breaks(char c) {
    return Character.isWhitespace(c)
        || switch (c) {
          case '"',
              '\'',
              '`',
              '(',
              ')',
              '{',
              '}',
              '<',
              '>',
              ',',
              ';',
              '=',
              '|',
              '\u201c',
              '\u201d',
              '\uff1a',
              '\uff0c',
              '\u3002',
              '\uff08',
              '\uff09' ->
              true;
          default -> false;
        };
  }

  /** Reads one chunk (text between breaks): a name becomes a placeholder, else its words. */
  private static void chunk(CharSequence text, int start, int end, Sink out, int max) {
    while (start < end && "[".indexOf(text.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && ".:!?]".indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    if (end <= start) {
      return;
    }
    String placeholder = name(text, start, end);
    if (placeholder != null) {
      out.add(placeholder);
      return;
    }
    int i = start;
    while (i < end && out.size() < max) {
      char c = text.charAt(i);
      if (isHan(c)) {
        out.add(String.valueOf(c));
        i++;
        continue;
      }
      if (!Character.isLetterOrDigit(c)) {
        i++;
        continue;
      }
      int from = i;
      while (i < end && Character.isLetterOrDigit(text.charAt(i)) && !isHan(text.charAt(i))) {
        i++;
      }
      word(text, from, i, out);
    }
  }

  private static boolean isHan(char c) {
    return c >= '\u3400' && c <= '\u9fff';
  }

  /** Returns the placeholder for a chunk that is a name, or null for ordinary words. */
  private static String name(CharSequence text, int start, int end) {
    boolean slash = false;
    boolean dot = false;
    boolean colon = false;
    boolean at = false;
    boolean backslash = false;
    boolean hostChars = true;
    boolean ipChars = true;
    boolean hexOnly = true;
    int digits = 0;
    int dots = 0;
    int colons = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '/' -> slash = true;
        case '.' -> {
          dot = true;
          dots++;
        }
        case ':' -> {
          colon = true;
          colons++;
        }
        case '@' -> at = true;
        case '\\' -> backslash = true;
        default -> {
          // counted below
        }
      }
      boolean digit = c >= '0' && c <= '9';
      digits += digit ? 1 : 0;
      boolean hex = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      hexOnly &= hex;
      ipChars &= hex || c == '.' || c == ':' || c == '%' || c == '[' || c == ']';
      hostChars &= Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == ':' || c == '_';
    }
    int length = end - start;
    char first = text.charAt(start);
    if (colon && regionStartsWith(text, indexOf(text, start, end, ':'), end, "://")) {
      return "<url>";
    }
    if (regionStartsWith(text, start, end, "sha256:")
        || regionStartsWith(text, start, end, "sha512:")
        || regionStartsWith(text, start, end, "sha384:")) {
      return "<digest>";
    }
    if (ipChars && digits > 0 && (dots == 3 && !slash || colons >= 2)) {
      return "<ip>";
    }
    if (first == '/'
        || first == '~'
        || backslash
        || length > 2 && text.charAt(start + 1) == ':' && text.charAt(start + 2) == '\\') {
      return "<path>";
    }
    if (slash && (dot || colon || at)) {
      return regionStartsWith(text, start, end, "application/") ? "<mediatype>" : "<ref>";
    }
    if (hostChars && dot && isHost(text, start, end)) {
      return "<host>";
    }
    if (hostChars && colons == 1 && !dot && isPortSuffix(text, start, end)) {
      return "<host>";
    }
    if (hexOnly && length >= 12 && digits > 0) {
      return "<hex>";
    }
    return null;
  }

  /**
   * Returns whether the chunk reads as a host name: labels separated by dots, the last label
   * (before an optional port) alphabetic and not a file ending.
   */
  private static boolean isHost(CharSequence text, int start, int end) {
    int stop = end;
    int colon = indexOf(text, start, end, ':');
    if (colon >= 0) {
      if (!isPortSuffix(text, start, end)) {
        return false;
      }
      stop = colon;
    }
    int lastDot = -1;
    for (int i = stop - 1; i >= start; i--) {
      if (text.charAt(i) == '.') {
        lastDot = i;
        break;
      }
    }
    if (lastDot <= start || lastDot >= stop - 1) {
      return false;
    }
    for (int i = lastDot + 1; i < stop; i++) {
      if (!Character.isLetter(text.charAt(i))) {
        return false;
      }
    }
    String ending = text.subSequence(lastDot + 1, stop).toString().toLowerCase(Locale.ROOT);
    return stop - lastDot > 2 && !FILE_ENDINGS.contains(ending);
  }

  /** Returns whether the chunk ends in {@code :port} (one colon, 1–5 digits after it). */
  private static boolean isPortSuffix(CharSequence text, int start, int end) {
    int colon = indexOf(text, start, end, ':');
    if (colon <= start || end - colon - 1 < 1 || end - colon - 1 > 5) {
      return false;
    }
    for (int i = colon + 1; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(CharSequence text, int start, int end, char c) {
    for (int i = start; i < end; i++) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean regionStartsWith(CharSequence text, int start, int end, String prefix) {
    if (end - start < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.toLowerCase(text.charAt(start + i)) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** One word, lower-cased: numbers other than HTTP statuses and hex ids become placeholders. */
  private static void word(CharSequence text, int from, int to, Sink out) {
    int length = to - from;
    boolean allDigits = true;
    boolean hex = true;
    boolean anyDigit = false;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      allDigits &= digit;
      anyDigit |= digit;
      hex &= digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    if (allDigits) {
      char first = text.charAt(from);
      if (length == 3 && first >= '1' && first <= '5') {
        out.addLowercase(text, from, to); // digits: the same in lowercase
      } else {
        out.add("<num>");
      }
      return;
    }
    if (hex && anyDigit && length >= 8) {
      out.add("<hex>");
      return;
    }
    out.addLowercase(text, from, Math.min(to, from + MAX_WORD));
  }
}
