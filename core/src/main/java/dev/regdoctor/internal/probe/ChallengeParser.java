package dev.regdoctor.internal.probe;

import dev.regdoctor.probe.Challenge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code WWW-Authenticate} header values (RFC 7235 section 4.1): several challenges per
 * value separated by commas, parameters as tokens or quoted strings with {@code \"} escapes,
 * case-insensitive scheme and parameter names. Lenient where registries are known to deviate: an
 * unquoted value may contain {@code / : ?} (an unquoted realm URL).
 */
public final class ChallengeParser {
  private final String text;
  private int pos;

  private ChallengeParser(String text) {
    this.text = text;
  }

  /** Parses every challenge in every header value, in order. */
  public static List<Challenge> parseAll(List<String> headerValues) {
    List<Challenge> challenges = new ArrayList<>();
    for (String value : headerValues) {
      challenges.addAll(parse(value));
    }
    return challenges;
  }

  /**
   * Parses one header value.
   *
   * @throws MalformedChallengeException naming the position when the value is not a challenge list
   */
  public static List<Challenge> parse(String headerValue) {
    return new ChallengeParser(headerValue).challenges();
  }

  private List<Challenge> challenges() {
    List<Challenge> result = new ArrayList<>();
    skipSeparators();
    if (pos >= text.length()) {
      throw error("empty WWW-Authenticate value");
    }
    while (pos < text.length()) {
      result.add(challenge());
      skipSeparators();
    }
    return result;
  }

  private Challenge challenge() {
    int schemeStart = pos;
    String scheme = token();
    if (scheme.isEmpty()) {
      throw error("expected an auth scheme at index " + schemeStart);
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    skipSpaces();
    if (pos >= text.length() || text.charAt(pos) == ',') {
      if (!startsParameterAfterComma()) {
        return new Challenge(scheme, parameters);
      }
      // the look-ahead skipped empty list elements (RFC 7230 section 7); so must we
      skipSeparators();
    }
    // token68 (e.g. "Negotiate abc=="), recognised by a token not followed by "=value"
    int save = pos;
    String first = token68();
    skipSpaces();
    if (!first.isEmpty()
        && (pos >= text.length() || text.charAt(pos) == ',')
        && !first.isEmpty()
        && !isParameterStart(save)) {
      parameters.put("token68", first);
      return new Challenge(scheme, parameters);
    }
    pos = save;
    while (true) {
      skipSpaces();
      int nameStart = pos;
      String name = token();
      if (name.isEmpty()) {
        throw error("expected a parameter name at index " + nameStart);
      }
      skipSpaces();
      if (pos >= text.length() || text.charAt(pos) != '=') {
        throw error("expected '=' after parameter \"" + name + "\" at index " + pos);
      }
      pos++;
      skipSpaces();
      String value = pos < text.length() && text.charAt(pos) == '"' ? quoted() : bareValue();
      String key = name.toLowerCase(Locale.ROOT);
      if (parameters.containsKey(key)) {
        throw error("parameter \"" + key + "\" repeated at index " + nameStart);
      }
      parameters.put(key, value);
      skipSpaces();
      if (pos >= text.length()) {
        break;
      }
      if (text.charAt(pos) != ',') {
        throw error("expected ',' at index " + pos + " but found '" + text.charAt(pos) + "'");
      }
      if (!startsParameterAfterComma()) {
        break;
      }
      skipSeparators();
    }
    return new Challenge(scheme, parameters);
  }

  /** At a comma: is the next element another parameter (name=) rather than a new challenge? */
  private boolean startsParameterAfterComma() {
    int look = pos + 1;
    while (look < text.length()
        && (text.charAt(look) == ' ' || text.charAt(look) == '\t' || text.charAt(look) == ',')) {
      look++;
    }
    return isParameterStart(look);
  }

  private boolean isParameterStart(int from) {
    int look = from;
    while (look < text.length() && isTokenChar(text.charAt(look))) {
      look++;
    }
    if (look == from) {
      return false;
    }
    while (look < text.length() && (text.charAt(look) == ' ' || text.charAt(look) == '\t')) {
      look++;
    }
    if (look >= text.length() || text.charAt(look) != '=') {
      return false;
    }
    // "abc==" or "abc=" at the end is token68, not a parameter
    int after = look + 1;
    while (after < text.length() && text.charAt(after) == '=') {
      after++;
    }
    if (after > look + 1) {
      return false;
    }
    while (after < text.length() && (text.charAt(after) == ' ' || text.charAt(after) == '\t')) {
      after++;
    }
    return after < text.length() && text.charAt(after) != ',';
  }

  private String token() {
    int start = pos;
    while (pos < text.length() && isTokenChar(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private String token68() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isLetterOrDigit(c) && c < 128 || "-._~+/".indexOf(c) >= 0) {
        pos++;
      } else {
        break;
      }
    }
    while (pos < text.length() && text.charAt(pos) == '=') {
      pos++;
    }
    return text.substring(start, pos);
  }

  private String bareValue() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ',' || c == ' ' || c == '\t' || c == '"' || c < 0x21 || c == 0x7f) {
        break;
      }
      pos++;
    }
    if (pos == start) {
      throw error("expected a parameter value at index " + start);
    }
    return text.substring(start, pos);
  }

  private String quoted() {
    int start = pos;
    pos++; // opening quote
    StringBuilder value = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return value.toString();
      }
      if (c == '\\') {
        if (pos >= text.length()) {
          break;
        }
        c = text.charAt(pos++);
      }
      value.append(c);
    }
    throw error("unterminated quoted string starting at index " + start);
  }

  private void skipSpaces() {
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private void skipSeparators() {
    while (pos < text.length()
        && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == ',')) {
      pos++;
    }
  }

  private static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0;
  }

  private MalformedChallengeException error(String reason) {
    return new MalformedChallengeException(text, reason);
  }
}
