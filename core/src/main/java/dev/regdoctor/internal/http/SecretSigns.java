package dev.regdoctor.internal.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of the words that let a pass of {@link PastedSecrets} change anything a text holds, found
 * in one pass over the text instead of one scan per word (about forty). Answers exactly what {@code
 * text.toLowerCase(Locale.ROOT).contains(word)} answers for each word (and {@code
 * text.contains("eyJ")} for {@link #JWT}, and whether {@code @} is before the last character for
 * {@link #AT}): every word is lowercase ASCII, and the only characters outside ASCII whose
 * lowercase holds ASCII are the Kelvin sign (lowercase {@code k}) and the dotted capital I
 * (lowercase {@code i} and a combining dot, which no word holds and no word ends with), so
 * comparing each character's ASCII lowercase (the Kelvin sign as {@code k}) finds the same words.
 */
final class SecretSigns {
  /** The text holds {@code authorization}: {@link PastedSecrets#AUTHORIZATION} may match. */
  static final int AUTHORIZATION = 1;

  /** The text holds {@code basic} or {@code bearer}. */
  static final int SCHEME = 1 << 1;

  /**
   * The text holds a word without which no key is a secret ({@link SecretKeyNames#secretKey}): a
   * word of {@link SecretKeyNames#SECRET_WORDS} anywhere, or one of {@link
   * SecretKeyNames#SECRET_LAST_PARTS} or {@link SecretKeyNames#SECRET_SUFFIXES} where it ends a
   * key, right before what {@link PastedSecrets#KEY_VALUE} needs after one (an optional quote,
   * blanks, {@code :} or {@code =}): {@code unauthorized} or {@code design} name no key.
   */
  static final int SECRET_KEY = 1 << 2;

  /** The text holds a long flag of {@link PastedSecrets#FLAG}. */
  static final int FLAG = 1 << 3;

  /** The text holds the start of a well-known token format, in any case. */
  static final int TOKEN = 1 << 4;

  /** The text holds {@code login}. */
  static final int LOGIN = 1 << 5;

  /** The text holds {@code -p} after a space or a tab. */
  static final int SHORT_PASSWORD_FLAG = 1 << 6;

  /**
   * The text holds {@code eyJ} as written (the start of a JSON web token): unlike the other signs,
   * case counts.
   */
  static final int JWT = 1 << 7;

  /**
   * The text holds {@code -u}, which every flag of {@link PastedSecrets#USER_FLAG} holds ({@code
   * -u}, {@code --user}, {@code --proxy-user}, in any case).
   */
  static final int USER_FLAG = 1 << 8;

  /**
   * The text holds {@code decoded auth}: containerd's {@code invalid decoded auth: "…"} ({@link
   * PastedSecrets#DECODED_AUTH}) may be in it.
   */
  static final int DECODED_AUTH = 1 << 9;

  /** The text holds {@code robot$}: a Harbor robot login ({@link PastedSecrets#ROBOT_LOGIN}). */
  static final int ROBOT = 1 << 10;

  /**
   * The text holds {@code -----begin}: a PEM private key ({@link PemPrivateKeys#masked}) may be in
   * it.
   */
  static final int PRIVATE_KEY = 1 << 11;

  /**
   * The text holds {@code <password>} or {@code <passphrase>}: a Maven {@code settings.xml} element
   * ({@link PastedSecrets#XML_PASSWORD}).
   */
  static final int XML_PASSWORD = 1 << 12;

  /**
   * The text holds {@code @} before its last character: a login before a registry ({@link
   * PastedSecrets#USER_INFO}, {@code bob:pw@registry.corp/app}) may be in it. Not a word: the scan
   * looks at each character it reads for it.
   */
  static final int AT = 1 << 13;

  /**
   * The text holds {@code token} and a blank: a token value named in prose ({@link
   * PastedSecrets#TOKEN_IN_PROSE}, {@code unauthorized: token 8f3a… is expired}) may be in it.
   */
  static final int TOKEN_WORD = 1 << 14;

  /** A secret-key word that counts only where a key separator follows it. */
  private static final int LAST_PART = 1 << 30;

  private static final String[] WORDS;
  private static final char[][] WORD_CHARS;
  private static final int[] SIGNS;

  /** The ids of the words starting with each pair of ASCII characters ({@link #pair}). */
  private static final int[][] BY_PAIR = new int[128 * 128][];

  /** Whether a word starts with a pair ({@link #pair}), one bit each: 2 KiB instead of 64. */
  private static final long[] PAIRS = new long[128 * 128 / 64];

  static {
    List<String> words = new ArrayList<>();
    List<Integer> signs = new ArrayList<>();
    add(words, signs, List.of("authorization"), AUTHORIZATION);
    add(words, signs, List.of("basic", "bearer"), SCHEME);
    add(words, signs, SecretKeyNames.SECRET_WORDS, SECRET_KEY);
    add(words, signs, List.copyOf(SecretKeyNames.SECRET_LAST_PARTS), SECRET_KEY | LAST_PART);
    add(words, signs, List.copyOf(SecretKeyNames.SECRET_SUFFIXES), SECRET_KEY | LAST_PART);
    add(words, signs, PastedSecrets.FLAG_WORDS, FLAG);
    add(words, signs, PastedSecrets.TOKEN_PREFIXES, TOKEN);
    add(words, signs, List.of("login"), LOGIN);
    add(words, signs, List.of(" -p", "\t-p"), SHORT_PASSWORD_FLAG);
    add(words, signs, List.of("eyj"), JWT);
    add(words, signs, List.of("-u"), USER_FLAG);
    add(words, signs, List.of("decoded auth"), DECODED_AUTH);
    add(words, signs, List.of("robot$"), ROBOT);
    add(words, signs, List.of("-----begin"), PRIVATE_KEY);
    add(words, signs, List.of("<password>", "<passphrase>"), XML_PASSWORD);
    add(words, signs, List.of("token ", "token\t"), TOKEN_WORD);
    WORDS = words.toArray(new String[0]);
    SIGNS = signs.stream().mapToInt(Integer::intValue).toArray();
    WORD_CHARS = new char[WORDS.length][];
    for (int id = 0; id < WORDS.length; id++) {
      WORD_CHARS[id] = WORDS[id].toCharArray();
    }
    List<List<Integer>> byPair = new ArrayList<>();
    for (int p = 0; p < BY_PAIR.length; p++) {
      byPair.add(new ArrayList<>());
    }
    for (int id = 0; id < WORDS.length; id++) {
      byPair.get(pair(WORDS[id].charAt(0), WORDS[id].charAt(1))).add(id);
    }
    for (int p = 0; p < BY_PAIR.length; p++) {
      List<Integer> ids = byPair.get(p);
      BY_PAIR[p] = ids.isEmpty() ? null : ids.stream().mapToInt(Integer::intValue).toArray();
      if (!ids.isEmpty()) {
        PAIRS[p >>> 6] |= 1L << p;
      }
    }
  }

  private SecretSigns() {}

  private static void add(List<String> words, List<Integer> signs, List<String> own, int sign) {
    for (String word : own) {
      for (int i = 0; i < word.length(); i++) {
        char c = word.charAt(i);
        if (c >= 128 || c >= 'A' && c <= 'Z' || word.length() < 2) {
          throw new IllegalArgumentException("not lowercase ASCII of two or more: " + word);
        }
      }
      words.add(word);
      signs.add(sign);
    }
  }

  /** Returns the signs ({@link #AUTHORIZATION}, …) that {@code text} holds, in any case. */
  static int of(String text) {
    // A char array and one table look-up per pair of characters: a fraction of the String calls
    // per character in the launcher's C1-compiled code.
    char[] chars = text.toCharArray();
    int found = 0;
    int length = chars.length;
    char next = length > 0 ? fold(chars[0]) : 0;
    for (int i = 0; i + 1 < length; i++) {
      char c = next;
      next = fold(chars[i + 1]);
      if (c == '@') {
        found |= AT;
      }
      if ((c | next) >= 128) {
        continue;
      }
      int pair = pair(c, next);
      if ((PAIRS[pair >>> 6] & 1L << pair) == 0) {
        continue;
      }
      for (int id : BY_PAIR[pair]) {
        int sign = SIGNS[id];
        if ((found & sign & ~LAST_PART) != 0) {
          // Known already (each word stands for one sign).
          continue;
        }
        char[] word = WORD_CHARS[id];
        int end = i + word.length;
        if (end > length || !startsAt(chars, i, word)) {
          continue;
        }
        if (sign == JWT) {
          if (chars[i] == 'e' && chars[i + 1] == 'y' && chars[i + 2] == 'J') {
            found |= JWT;
          }
        } else if ((sign & LAST_PART) == 0) {
          found |= sign;
        } else if (SecretKeyNames.separatorAt(text, end)) {
          found |= SECRET_KEY;
        }
      }
    }
    return found;
  }

  /**
   * Returns whether {@code chars} hold {@code word} (lowercase ASCII) at {@code at} in any case,
   * its first two characters known to match.
   */
  private static boolean startsAt(char[] chars, int at, char[] word) {
    for (int k = 2; k < word.length; k++) {
      if (fold(chars[at + k]) != word[k]) {
        return false;
      }
    }
    return true;
  }

  private static int pair(char first, char second) {
    return first << 7 | second;
  }

  /** Returns the ASCII lowercase of {@code c}, {@code k} for the Kelvin sign, else {@code c}. */
  private static char fold(char c) {
    if (c >= 'A' && c <= 'Z') {
      return (char) (c + ('a' - 'A'));
    }
    return c == '\u212A' ? 'k' : c;
  }
}
