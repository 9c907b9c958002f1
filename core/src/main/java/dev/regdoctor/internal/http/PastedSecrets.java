package dev.regdoctor.internal.http;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secret-looking fields in text the tool did not write (pasted logs, registry bodies, helper
 * output) and masks them. Every pattern here runs in linear time: each starts at a fixed word or at
 * the start of a token (a one-character look-behind), quantifiers are bounded or possessive, and
 * URLs are scanned by hand; {@code RedactionLinearityTest} counts the characters each pattern reads
 * on adversarial input.
 */
final class PastedSecrets {
  static final String MASK = Redaction.MASK;

  /**
   * {@code Authorization: Basic …} in headers, curl output or JSON; the scheme word is kept. A
   * scheme is required so that prose such as "may require authorization: server message" stays.
   */
  static final Pattern AUTHORIZATION =
      Pattern.compile(
          "(?i)((?:proxy-)?authorization\\\\?[\"']?[ \\t]{0,8}+[:=][ \\t]{0,8}+\\\\?[\"']?[ \\t]{0,8}+\\[?)"
              + "(basic|bearer|token|digest|negotiate|aws4-hmac-sha256)[ \\t]++"
              + "(?!<redacted>)[^\\s\"'\\\\\\]][^\\n\"'\\\\}\\]]*+");

  /**
   * A {@code Basic} or {@code Bearer} credential standing alone; it must hold a digit or one of
   * {@code +/=}, so that prose such as "Basic authentication" is left alone.
   */
  static final Pattern SCHEME_CREDENTIAL =
      Pattern.compile(
          "\\b(Basic|Bearer)[ \\t]++(?!realm=)(?=[A-Za-z_.~-]{0,64}+[0-9+/=])([A-Za-z0-9+/_.~-]{8,}+=*+)");

  /**
   * The key and separator of {@code key=value}, {@code key: value}, {@code "key": "value"}, {@code
   * 'key': 'value'} and their backslash-escaped forms; the value is read in code, and whether the
   * key names a secret is decided there ({@link SecretKeyNames#secretKey}). Groups: 1 key quote, 2
   * key, 3 closing quote and separator, 4 value quote. The specification of {@link KeyValueScan},
   * which finds the same matches by hand for {@link #keyValues}.
   */
  static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?<![A-Za-z0-9_\\-])((?:\\\\?[\"'])?+)((?:--?)?+[A-Za-z][A-Za-z0-9_.\\-]{0,63}+)"
              + "((?:\\\\?[\"'])?+[ \\t]{0,8}+[:=][ \\t]{0,8}+)((?:\\\\?[\"'])?+)");

  static final int MAX_VALUE = 4096;

  /**
   * The flags whose value is a login, {@code user:password}, as a regular expression (any case):
   * the user flags of curl, ctr and nerdctl ({@code -u}, {@code --user}, curl's {@code -U} and
   * {@code --proxy-user} for the proxy). The one list {@link #USER_FLAG} masks and {@link
   * #MASKED_LOGIN} recognises.
   */
  private static final String USER_FLAGS = "-u|--user|--proxy-user";

  /**
   * The login flags of skopeo and crictl ({@code --creds}, {@code --src-creds}, …), as a regular
   * expression (any case): the one list {@link #FLAG} masks and {@link #MASKED_LOGIN} recognises.
   */
  private static final String CREDS_FLAGS = "--(?:src-|dest-|from-|to-)?creds";

  /**
   * A user flag, its separator (a blank or {@code =}; none after curl's short {@code -u}: {@code
   * -ubob:pw}) and an optional quote, not inside a word or a longer flag.
   */
  private static final String USER_FLAG_START =
      "(?<![A-Za-z0-9_\\-])(?:(?:" + USER_FLAGS + ")(?:[ \\t]++|=)|-u(?![ \\t=]))[\"']?+";

  /**
   * Returns the regular expression of a value as {@link #FLAG}, {@link #ECHOED_PASSWORD} and {@link
   * #HERE_STRING} read it: in double quotes (the first group, behind {@code doubleQuoted}), in
   * single quotes (the second, behind {@code guard}), either after an optional backslash (a
   * Go-quoted log field), or bare (the third, behind {@code guard}); the guards are negative
   * look-aheads. A quoted value ends at its quote, a backslash or the line's end, and the quote is
   * left in place; a bare one at a blank, a quote or one of {@code stops}. Every run is possessive
   * and bounded: linear.
   */
  private static String value(String doubleQuoted, String guard, String stops) {
    return "(?:\\\\?+(?:\""
        + doubleQuoted
        + "([^\"\\\\\\n]{1,4096}+)|'"
        + guard
        + "([^'\\\\\\n]{1,4096}+))|(?!\\\\[\"'])"
        + guard
        + "([^\\s\"'"
        + stops
        + "]{1,4096}+))";
  }

  /**
   * A flag followed by its value: {@code --password X}, {@code --creds user:X}, {@code -p X},
   * {@code -p=X} or {@code -pX} after {@code login}, the value bare or quoted ({@code -p 'X'},
   * {@code --password "X"}); {@code --password-stdin} has no value. Group 1 is the flag and what
   * separates it from the value; groups 2 to 4 the value ({@link #value}). A shell variable in
   * double quotes ({@code -p "$PASSWORD"}) is a name and stays.
   */
  static final Pattern FLAG =
      Pattern.compile(
          "(?i)((?<![A-Za-z0-9_\\-])(?:--(?:password|passwd|pass|token|identity-token"
              + "|registry-token|docker-password|registry-password)|"
              + CREDS_FLAGS
              + ")(?:[ \\t]++|=)|\\blogin\\b[^\\n]{0,200}?[ \\t]-p(?:[ \\t]++|=)?+)"
              + "(?!<redacted>|via\\b|-)"
              // In double quotes "$PASSWORD" is a shell variable, a name; in single quotes a '$'
              // is the password's own.
              + value("(?!<redacted>|\\$)", "(?!<redacted>)", ""));

  /**
   * A login given to a user flag, {@code -u user:password} or {@code --user user:password} (curl,
   * ctr, nerdctl; curl's {@code -U}/{@code --proxy-user} for the proxy), after a blank or {@code =}
   * and an optional quote, or glued to curl's {@code -u} ({@code -ubob:password}). Groups: 1 the
   * flag, separator and quote, 2 the user name, 3 the password, masked while the user name stays. A
   * value without a colon is a user name alone ({@code docker run -u app}) and is left alone, and
   * so is a URL ({@code -U https://…}); so is the user and group of a container's own {@code -u}
   * ({@link ContainerUsers}).
   */
  static final Pattern USER_FLAG =
      Pattern.compile(
          "(?i)("
              + USER_FLAG_START
              + ")(?!<redacted>)([^\\s\"':]{0,256}+):(?!<redacted>|//)([^\\s\"']{1,4096}+)");

  /**
   * A login on a command line as the passes of {@link #FLAG}, {@link #USER_FLAG} and {@link
   * #keyValues} leave it: a login flag, a user name, then the mask ({@code curl -u ci:<redacted>},
   * {@code skopeo --src-creds=ci:<redacted>}). A user name is required, so that a text anonymised
   * by hand ({@code <redacted>:<redacted>}) is not taken for one. Starts at a fixed word and reads
   * bounded runs: linear.
   */
  static final Pattern MASKED_LOGIN =
      Pattern.compile(
          "(?i)(?:"
              + USER_FLAG_START
              + "|(?<![A-Za-z0-9_\\-])(?:"
              + CREDS_FLAGS
              + ")(?:[ \\t]{1,8}+|=)[\"']?+)[^\\s\"':<>]{1,256}+:"
              + Pattern.quote(MASK));

  /** The long words of a flag ({@code --password …}) in {@link #FLAG}, lowercase. */
  static final List<String> FLAG_WORDS =
      List.of(
          "--pass",
          "--token",
          "--identity-token",
          "--registry-token",
          "--docker-password",
          "--registry-password",
          "--creds",
          "--src-creds",
          "--dest-creds",
          "--from-creds",
          "--to-creds");

  /**
   * containerd's {@code invalid decoded auth: "…"} quotes the decoded {@code auth} field of a
   * credential that has no colon: a bare token or password. Group 1 is the words and the quote,
   * kept; the value is masked. Starts at fixed words and reads one bounded run: linear.
   */
  static final Pattern DECODED_AUTH =
      Pattern.compile("(invalid decoded auth: \\\\?\")(?!<redacted>)[^\"\\\\\\n]{1,4096}+");

  /**
   * A Harbor robot account's login, {@code robot$project+name:secret}: group 1 (the name and the
   * colon) is kept, the secret after it masked. A colon followed by a blank ({@code robot account:
   * robot$ci: dial tcp …}) or a URL is prose, not a login. Starts at a fixed word: linear.
   */
  static final Pattern ROBOT_LOGIN =
      Pattern.compile(
          "(robot\\$[A-Za-z0-9_.+\\-]{1,255}+:)(?![ \\t]|<redacted>|//)[^\\s\"'\\\\]{1,4096}+");

  /**
   * A password echoed or printed into {@code docker login --password-stdin} on the same line
   * ({@code echo S3cret | docker login -u ci --password-stdin r}, {@code echo -n 'S3cret' | …},
   * {@code printf '%s' "S3cret" | …}): the value (groups 2 to 4, {@link #value}) is masked; a shell
   * variable ({@code echo $PASSWORD}, {@code "${{ secrets.X }}"}) is a name and stays. Starts at a
   * fixed word; the look-ahead for the login reads at most 300 characters of the line: linear.
   */
  static final Pattern ECHOED_PASSWORD =
      Pattern.compile(
          "(\\b(?:echo(?:[ \\t]{1,8}+-[neE]{1,3}+)?+"
              + "|printf(?:[ \\t]{1,8}+(?:'%s(?:\\\\n)?+'|\"%s(?:\\\\n)?+\"|%s(?:\\\\n)?+))?+)"
              + "[ \\t]{1,8}+)"
              + value("(?!\\$|<redacted>)", "(?!\\$|<redacted>)", "|")
              + "(?=\\\\?+[\"']?+[ \\t]{0,8}+\\|[^\\n|]{0,300}?--password-stdin)");

  /**
   * A password given to {@code --password-stdin} as a here-string later on the same line ({@code
   * docker login -u ci --password-stdin r <<< 'S3cret'}, {@code <<<"S3cret"}): the value (groups 2
   * to 4, {@link #value}) is masked; a shell variable stays. Starts at a fixed word and reads at
   * most 300 characters of the line before {@code <<<}: linear.
   */
  static final Pattern HERE_STRING =
      Pattern.compile(
          "(--password-stdin\\b[^\\n]{0,300}?(?<!<)<<<(?!<)[ \\t]{0,8}+)"
              + value("(?!\\$|<redacted>)", "(?!\\$|<redacted>)", ""));

  /**
   * The value of a Maven {@code <password>} or {@code <passphrase>} element ({@code settings.xml}):
   * masked unless it is a property ({@code ${env.PASSWORD}}). Group 1, the opening tag, is kept.
   * The value must run to its closing tag, so that {@code -p <password> registry} in a usage line
   * stays. Starts at a fixed word and reads to the next {@code <}: linear.
   */
  static final Pattern XML_PASSWORD =
      Pattern.compile(
          "(?i)(<(password|passphrase)>)(?!<redacted>|\\$\\{)([^<]{1,4096}+)(?=</\\2>)");

  /**
   * A login written before a registry without a scheme ({@code bob:S3cret@registry.corp:5000/app},
   * as pasted into {@code docker pull}): group 1, the user name, is kept and the password masked.
   * The host after {@code @} must be followed by a path or a port, so that {@code
   * nginx:1.25@sha256:…} (a tag and a digest) stays; whether it names a host is checked in code
   * ({@link #userInfo}). Starts after a blank or a quote and reads bounded runs: linear.
   */
  static final Pattern USER_INFO =
      Pattern.compile(
          "(?<![^\\s\"'(=,\\[])([A-Za-z0-9_.+\\-]{1,64}+):(?!<redacted>)([^\\s@/\"'<>]{1,256}+)@"
              + "(?=(\\[[0-9A-Fa-f:.]{2,45}+\\]|[A-Za-z0-9.\\-]{1,253}+)"
              + "(/|:[0-9]{1,5}+(?![0-9A-Za-z.])))");

  /**
   * An AWS secret access key (40 characters of base64) next to an access key id that {@link
   * #KNOWN_TOKENS} has masked ({@code AKIA…/wJalr…}): masked too. Starts at the mask: linear.
   */
  static final Pattern AWS_SECRET_AFTER_KEY_ID =
      Pattern.compile("(<redacted>[/:=, \\t]{1,3}+)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");

  /** JSON web tokens. */
  static final Pattern JWT =
      Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}+\\.[A-Za-z0-9_-]{5,}+\\.[A-Za-z0-9_-]*+");

  /**
   * GitHub, GitLab, Docker Hub and AWS key formats. GitLab's ({@code glpat-}, {@code gldt-} for a
   * deploy token) and Docker Hub's ({@code dckr_pat_}, {@code dckr_oat_}) prefixes say enough that
   * a short body is masked too.
   */
  static final Pattern KNOWN_TOKENS =
      Pattern.compile(
          "\\b(?:gh[pousr]_[A-Za-z0-9]{20,}+|github_pat_[A-Za-z0-9_]{20,}+"
              + "|A(?:KIA|SIA)[0-9A-Z]{16})\\b"
              + "|\\b(?:glpat-|gldt-|dckr_pat_|dckr_oat_)[A-Za-z0-9_\\-]{8,}+");

  /**
   * A token value named in prose after the word {@code token}, as registries and token services
   * word a refusal ({@code unauthorized: token 8f3a9c2b… is expired}, {@code invalid token
   * gAAAAAB…}): an opaque run of 16 to 512 token characters that holds both a digit and a letter
   * and ends at a blank, a quote or the line's end, so that words such as "token service" or "token
   * auth" stay. Starts at a fixed word; each look-ahead reads a bounded run of a class that
   * excludes what it looks for, and the value's run is bounded and possessive: linear.
   */
  static final Pattern TOKEN_IN_PROSE =
      Pattern.compile(
          "(?i)(?<![A-Za-z0-9_\\-])(token[ \\t]{1,4}+)"
              + "(?=[A-Za-z._~+/=\\-]{0,512}[0-9])(?=[0-9._~+/=\\-]{0,512}[A-Za-z])"
              + "([A-Za-z0-9._~+/=\\-]{16,512}+)(?![A-Za-z0-9._~+/=:@\\-])");

  /**
   * What a match of {@link #KNOWN_TOKENS} starts with, lowercase (the pattern is case-sensitive, so
   * the lowercase text holds one of these whenever it matches).
   */
  static final List<String> TOKEN_PREFIXES =
      List.of(
          "ghp_",
          "gho_",
          "ghu_",
          "ghs_",
          "ghr_",
          "github_pat_",
          "glpat-",
          "gldt-",
          "dckr_pat_",
          "dckr_oat_",
          "akia",
          "asia");

  /** The patterns run on user text, for the linearity test. */
  static final List<Pattern> PATTERNS =
      List.of(
          AUTHORIZATION,
          SCHEME_CREDENTIAL,
          KEY_VALUE,
          FLAG,
          USER_FLAG,
          MASKED_LOGIN,
          DECODED_AUTH,
          ROBOT_LOGIN,
          ECHOED_PASSWORD,
          HERE_STRING,
          XML_PASSWORD,
          USER_INFO,
          AWS_SECRET_AFTER_KEY_ID,
          JWT,
          KNOWN_TOKENS,
          TOKEN_IN_PROSE);

  /** Keys whose value is a secret even after an unquoted colon in the middle of a line. */
  private static final List<String> COLON_KEYS =
      List.of(
          "password",
          "passwd",
          "passphrase",
          "secret",
          "x-registry-auth",
          "x-registry-config",
          "x-auth-token",
          "private-token",
          "job-token",
          "deploy-token",
          "x-api-key",
          "cookie");

  private PastedSecrets() {}

  /** Returns {@code text} with every secret-looking field masked; idempotent. */
  static String redact(String text) {
    if (text.isEmpty()) {
      return text;
    }
    String result = text;
    // URLs first: a query value redacted here is not seen again as "signature=…" below.
    if (result.contains("://")) {
      result = PastedUrls.urls(result, true);
    }
    // One pass finds every word a pass below needs, in any case, in the text as the URL pass left
    // it; masking done by the earlier passes adds none of them.
    int signs = SecretSigns.of(result);
    // Before the key pass, which would mask a key's first line ("private_key": "-----BEGIN …") and
    // leave its body.
    if ((signs & SecretSigns.PRIVATE_KEY) != 0) {
      result = PemPrivateKeys.masked(result);
    }
    if ((signs & SecretSigns.XML_PASSWORD) != 0) {
      result = replace(XML_PASSWORD, result, m -> m.group(1) + MASK);
    }
    if ((signs & SecretSigns.AT) != 0) {
      result = replace(USER_INFO, result, PastedSecrets::userInfo);
    }
    if ((signs & SecretSigns.AUTHORIZATION) != 0) {
      result = replace(AUTHORIZATION, result, m -> m.group(1) + m.group(2) + " " + MASK);
    }
    if ((signs & SecretSigns.SCHEME) != 0) {
      result = replace(SCHEME_CREDENTIAL, result, m -> m.group(1) + " " + MASK);
    }
    if ((signs & SecretSigns.SECRET_KEY) != 0
        && (result.indexOf('=') >= 0 || result.indexOf(':') >= 0)) {
      result = keyValues(result);
    }
    if (mayHoldFlag(signs)) {
      result = replace(FLAG, result, PastedSecrets::flag);
    }
    // The flag words hold "-u", which no pass above adds.
    if ((signs & SecretSigns.USER_FLAG) != 0) {
      ContainerUsers containers = new ContainerUsers(result);
      result =
          replace(
              USER_FLAG,
              result,
              m ->
                  containers.isContainerOption(m.start())
                      ? m.group()
                      : m.group(1) + m.group(2) + ":" + MASK);
    }
    result = Base64Logins.masked(result);
    if ((signs & SecretSigns.DECODED_AUTH) != 0) {
      result = replace(DECODED_AUTH, result, m -> m.group(1) + MASK);
    }
    if ((signs & SecretSigns.ROBOT) != 0) {
      result = replace(ROBOT_LOGIN, result, m -> m.group(1) + MASK);
    }
    // "--password-stdin" holds the flag word "--pass".
    if ((signs & SecretSigns.FLAG) != 0) {
      result = replace(ECHOED_PASSWORD, result, m -> masked(m, valueGroup(m, 2), 0));
      result = replace(HERE_STRING, result, m -> masked(m, valueGroup(m, 2), 0));
    }
    // No pass adds "eyJ": masks end in '>' and keep the text around them.
    if ((signs & SecretSigns.JWT) != 0 && result.contains("eyJ")) {
      result = replace(JWT, result, m -> MASK);
    }
    if ((signs & SecretSigns.TOKEN) != 0) {
      result = replace(KNOWN_TOKENS, result, m -> MASK);
      result = replace(AWS_SECRET_AFTER_KEY_ID, result, m -> m.group(1) + MASK);
    }
    if ((signs & SecretSigns.TOKEN_WORD) != 0) {
      result = replace(TOKEN_IN_PROSE, result, m -> m.group(1) + MASK);
    }
    return result;
  }

  /**
   * Masks the password of a login before a registry ({@link #USER_INFO}) when what follows the
   * {@code @} names a host: a dotted name, an IP literal, {@code localhost}, or a name with a port.
   */
  private static String userInfo(Matcher m) {
    String host = m.group(3);
    boolean port = m.group(4).startsWith(":");
    if (host.indexOf('.') < 0
        && !host.startsWith("[")
        && !host.equalsIgnoreCase("localhost")
        && !port) {
      return m.group();
    }
    return m.group(1) + ":" + MASK + "@";
  }

  /**
   * Returns whether {@code text} shows a login masked on a command line ({@link #MASKED_LOGIN}).
   */
  static boolean showsMaskedLogin(String text) {
    return text.contains(MASK) && MASKED_LOGIN.matcher(text).find();
  }

  /**
   * Returns whether {@code signs} show what {@link #FLAG} needs: one of its long flags, or {@code
   * login} and a {@code -p} after a blank. Masking done before {@code FLAG} runs adds neither.
   */
  private static boolean mayHoldFlag(int signs) {
    return (signs & SecretSigns.FLAG) != 0
        || (signs & (SecretSigns.LOGIN | SecretSigns.SHORT_PASSWORD_FLAG))
            == (SecretSigns.LOGIN | SecretSigns.SHORT_PASSWORD_FLAG);
  }

  /**
   * Masks the values of secret keys. The value is read by hand, so a key that is not a secret does
   * not swallow a following {@code password=…}: the search goes on right after its separator.
   */
  static String keyValues(String text) {
    KeyValueScan m = new KeyValueScan(text);
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (from < text.length() && m.find(from)) {
      from = m.separatorEnd;
      String key = text.substring(m.keyStart, m.keyEnd);
      if (!SecretKeyNames.secretKey(key)) {
        continue;
      }
      if (m.start > 0
          && text.charAt(m.start - 1) == '.'
          && !containsAny(key.toLowerCase(Locale.ROOT), SecretKeyNames.SECRET_WORDS)) {
        // After a dot, a short word such as "sig" or "auth" is a file extension or a tag's
        // suffix (cosign's "sha256-….sig: Pulling from …"); "password" or "token" is a key.
        continue;
      }
      String separator = text.substring(m.keyEnd, m.separatorEnd);
      // "key": is a quoted key; "image:tag" is not.
      boolean quotedKey = m.keyStart > m.start && startsWithQuote(separator);
      if (separator.indexOf('=') < 0
          && !quotedKey
          && !colonKey(key)
          && !(lineStart(text, KeyContexts.dottedPathStart(text, m.start))
              && yamlSeparator(separator))) {
        // "token: unexpected status" in prose is not a token.
        continue;
      }
      if (separator.indexOf('=') < 0 && !quotedKey && KeyContexts.filePath(text, m.keyStart)) {
        // "open /etc/passwd: permission denied", "/run/secrets/token: no such file": the key is
        // the last name of a path, and what follows is an error about the file.
        continue;
      }
      boolean quotedValue = m.valueStart > m.separatorEnd;
      int valueStart = m.valueStart;
      if (!quotedValue && separator.indexOf(':') >= 0) {
        // kubectl describe pads values into a column: "API_KEY:           sk_live_…" has more
        // blanks than the key's separator reads.
        valueStart = padded(text, valueStart);
      }
      int valueEnd = valueStart;
      String stops = quotedValue ? "\"'\\\n" : "\"',;&\\{[";
      while (valueEnd < text.length()
          && valueEnd - valueStart < MAX_VALUE
          && stops.indexOf(text.charAt(valueEnd)) < 0
          && (quotedValue || !Character.isWhitespace(text.charAt(valueEnd)))) {
        valueEnd++;
      }
      String value = text.substring(valueStart, valueEnd);
      if (!quotedKey
          && !quotedValue
          && separator.equals(":")
          && KeyContexts.imageTag(text, m.keyStart, m.keyEnd, value)) {
        // "myorg/secret:1.0": a repository named like a secret, and its tag.
        continue;
      }
      if (value.isEmpty()
          || masked(value)
          || !quotedKey
              && !quotedValue
              && separator.indexOf('=') < 0
              && errorWords(text, m.start, valueEnd, value)
          || KeyContexts.kubernetesObject(key, value, text, valueEnd)
          || KeyContexts.missingHeaderError(key, text, m.keyStart)) {
        continue;
      }
      String bare = SecretKeyNames.withoutLeadingDashes(key.toLowerCase(Locale.ROOT));
      int keep = bare.endsWith("creds") && value.indexOf(':') > 0 ? value.indexOf(':') + 1 : 0;
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, valueStart + keep).append(MASK);
      copied = valueEnd;
      from = valueEnd;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** The most blanks a padded column puts between a key's separator and its value. */
  private static final int MAX_PADDING = 128;

  /** Returns where the blanks at {@code at} end, at most {@link #MAX_PADDING} of them. */
  private static int padded(String text, int at) {
    int i = at;
    while (i < text.length()
        && i - at < MAX_PADDING
        && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r' ? i : at;
  }

  /**
   * Returns whether {@code value} was masked already: the mask, or a query value the URL pass
   * redacted, with the punctuation that ended it ({@code ?token=REDACTED: UNAUTHORIZED}).
   */
  private static boolean masked(String value) {
    String bare = value;
    int end = bare.length();
    while (end > 0 && ":.,;)]".indexOf(bare.charAt(end - 1)) >= 0) {
      end--;
    }
    bare = bare.substring(0, end);
    return bare.equals(MASK) || bare.equals(Redaction.REDACTED);
  }

  /**
   * The words an error message starts with when it follows a password prompt on its line, and the
   * registry error codes that follow {@code invalid username/password:} in a wrapped error.
   */
  private static final Set<String> ERROR_WORDS_AFTER_KEY =
      Set.of(
          "Error:",
          "error:",
          "ERROR:",
          "Error",
          "Fatal:",
          "fatal:",
          "FATA",
          "Warning:",
          "unauthorized:",
          "Unauthorized:",
          "UNAUTHORIZED:",
          "denied:",
          "DENIED:",
          "forbidden:",
          "Forbidden:");

  /**
   * Returns whether the {@code value} after a key and a colon in the middle of a line, unquoted, is
   * the error's own words rather than a secret: a word of lowercase letters followed by another
   * ({@code getting username and password: reading password: inappropriate ioctl for device},
   * {@code password: reading username: EOF}), in a line where the key is not the first word (a
   * {@code password: hunter2} dump stays masked). A secret of lowercase letters alone, followed by
   * prose, is the price: a password holds a digit, a capital or a sign far more often than not, and
   * masking the words of an error garbles the explanation.
   */
  private static boolean errorWords(String text, int keyStart, int valueEnd, String value) {
    if (ERROR_WORDS_AFTER_KEY.contains(value)) {
      // A "Password: " prompt the error was printed right after (podman without a terminal).
      return true;
    }
    if (value.length() < 2 || lineStart(text, keyStart)) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 'a' || c > 'z') {
        return false;
      }
    }
    return valueEnd + 1 < text.length()
        && text.charAt(valueEnd) == ' '
        && text.charAt(valueEnd + 1) >= 'a'
        && text.charAt(valueEnd + 1) <= 'z';
  }

  private static String flag(Matcher m) {
    int group = valueGroup(m, 2);
    String value = m.group(group);
    String flag = m.group(1).toLowerCase(Locale.ROOT);
    // Group 1 is a long flag and its separator, or "login … -p"; skopeo's creds keep the user.
    boolean creds = flag.startsWith("--") && flag.contains("creds");
    int keep = creds && value.indexOf(':') > 0 ? value.indexOf(':') + 1 : 0;
    return masked(m, group, keep);
  }

  /** Returns the first of the three value groups from {@code first} on that matched. */
  private static int valueGroup(Matcher m, int first) {
    return m.group(first) != null ? first : m.group(first + 1) != null ? first + 1 : first + 2;
  }

  /**
   * Returns the match with {@code group} masked after its first {@code keep} characters; what the
   * match holds after the group stays.
   */
  private static String masked(Matcher m, int group, int keep) {
    String match = m.group();
    int start = m.start(group) - m.start() + keep;
    int end = m.end(group) - m.start();
    return match.substring(0, start) + MASK + match.substring(end);
  }

  static boolean containsAny(String text, Collection<String> words) {
    for (String word : words) {
      if (text.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether {@code separator} starts with a quote, backslash-escaped or not. */
  private static boolean startsWithQuote(String separator) {
    int at = separator.startsWith("\\") ? 1 : 0;
    return at < separator.length() && (separator.charAt(at) == '"' || separator.charAt(at) == '\'');
  }

  private static boolean colonKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (String word : COLON_KEYS) {
      if (k.endsWith(word)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether {@code separator} is a YAML mapping colon: followed by a blank. */
  private static boolean yamlSeparator(String separator) {
    int colon = separator.indexOf(':');
    return colon >= 0 && colon < separator.length() - 1;
  }

  /** Returns whether the match starts a line, after indentation or a YAML {@code - }. */
  private static boolean lineStart(String text, int start) {
    for (int i = start - 1; i >= 0 && start - i <= 64; i--) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return true;
      }
      if (c != ' ' && c != '\t' && c != '-') {
        return false;
      }
    }
    return start < 64;
  }

  private static String replace(Pattern pattern, String text, Function<Matcher, String> with) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      matcher.appendReplacement(out, Matcher.quoteReplacement(with.apply(matcher)));
    } while (matcher.find());
    matcher.appendTail(out);
    return out.toString();
  }
}
