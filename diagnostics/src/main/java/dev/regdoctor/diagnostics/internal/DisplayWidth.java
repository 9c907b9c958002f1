package dev.regdoctor.diagnostics.internal;

import java.util.Arrays;

/**
 * Terminal columns of text, for padding table columns: East Asian Wide and Fullwidth characters
 * (Unicode Standard Annex #11: CJK ideographs, kana, Hangul syllables, full-width forms, emoji with
 * emoji presentation) take two columns; combining marks, format and control characters, Hangul
 * medial and final jamo, emoji modifiers and an emoji joined to the one before it none; everything
 * else one. A terminal draws {@code 镜像加速器} in ten columns, so padding it by its five characters
 * misaligns the next column.
 */
final class DisplayWidth {
  private DisplayWidth() {}

  private static final int ZERO_WIDTH_JOINER = 0x200d;

  /** Returns how many terminal columns {@code text} takes. */
  static int of(String text) {
    int columns = 0;
    int previous = -1;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      // An emoji modifier (a skin tone) draws into the emoji before it. An emoji after a zero
      // width joiner makes one glyph with the emoji before it (woman, ZWJ, laptop: a woman
      // technologist): terminals that shape grapheme clusters (iTerm2, kitty, WezTerm, foot,
      // Windows Terminal) draw it in the first emoji's two columns, VTE and xterm the emoji side
      // by side. We count what the former show, the more common today.
      boolean joined =
          (isEmojiModifier(c) && isEmoji(previous))
              || (previous == ZERO_WIDTH_JOINER && isEmoji(c));
      columns += joined ? 0 : of(c);
      previous = c;
      i += Character.charCount(c);
    }
    return columns;
  }

  /** Returns {@code text} followed by spaces up to {@code columns}; unchanged when as wide. */
  static String padded(String text, int columns) {
    int width = of(text);
    return width >= columns ? text : text + " ".repeat(columns - width);
  }

  /** Returns the columns of one code point on its own. */
  static int of(int c) {
    int type = Character.getType(c);
    if (type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT
        || type == Character.CONTROL // C0 and C1 controls: a terminal moves or draws nothing
        || c == 0x200b
        || (c >= 0x1160 && c <= 0x11ff) // Hangul medial vowels and final consonants
        || (c >= 0xd7b0 && c <= 0xd7ff)) { // the same, Hangul Jamo Extended-B
      return 0;
    }
    return isWide(c) ? 2 : 1;
  }

  /** Returns whether {@code c} is an emoji modifier, the skin tones U+1F3FB to U+1F3FF. */
  private static boolean isEmojiModifier(int c) {
    return c >= 0x1f3fb && c <= 0x1f3ff;
  }

  /**
   * Returns whether {@code c} is in a block of emoji pictographs: miscellaneous symbols, dingbats,
   * and U+1F000 to U+1FAFF.
   */
  private static boolean isEmoji(int c) {
    return (c >= 0x2600 && c <= 0x27bf) || (c >= 0x1f000 && c <= 0x1faff);
  }

  /**
   * The East_Asian_Width W and F ranges of EastAsianWidth.txt (Unicode 15.1), first and last code
   * point of each, in order. Unassigned code points between them count one column, as in wcwidth.
   */
  private static final int[] WIDE = {
    0x1100, 0x115f, // Hangul Jamo initial consonants
    0x231a, 0x231b, // ⌚⌛
    0x2329, 0x232a, // 〈〉
    0x23e9, 0x23ec,
    0x23f0, 0x23f0,
    0x23f3, 0x23f3,
    0x25fd, 0x25fe,
    0x2614, 0x2615,
    0x2648, 0x2653, // zodiac
    0x267f, 0x267f,
    0x2693, 0x2693,
    0x26a1, 0x26a1,
    0x26aa, 0x26ab,
    0x26bd, 0x26be,
    0x26c4, 0x26c5,
    0x26ce, 0x26ce,
    0x26d4, 0x26d4,
    0x26ea, 0x26ea,
    0x26f2, 0x26f3,
    0x26f5, 0x26f5,
    0x26fa, 0x26fa,
    0x26fd, 0x26fd,
    0x2705, 0x2705, // ✅
    0x270a, 0x270b,
    0x2728, 0x2728,
    0x274c, 0x274c, // ❌
    0x274e, 0x274e,
    0x2753, 0x2755,
    0x2757, 0x2757,
    0x2795, 0x2797,
    0x27b0, 0x27b0,
    0x27bf, 0x27bf,
    0x2b1b, 0x2b1c,
    0x2b50, 0x2b50, // ⭐
    0x2b55, 0x2b55,
    0x2e80, 0x2e99, // CJK radicals supplement
    0x2e9b, 0x2ef3,
    0x2f00, 0x2fd5, // Kangxi radicals
    0x2ff0, 0x2fff, // ideographic description characters
    0x3000, 0x303e, // ideographic space, CJK symbols and punctuation: 、。「」
    0x3041, 0x3096, // hiragana
    0x3099, 0x30ff, // katakana
    0x3105, 0x312f, // Bopomofo
    0x3131, 0x318e, // Hangul compatibility jamo
    0x3190, 0x31e3, // kanbun, Bopomofo extended, CJK strokes
    0x31ef, 0x321e,
    0x3220, 0x3247, // parenthesized and circled ideographs
    0x3250, 0x4dbf, // enclosed CJK, compatibility, CJK extension A
    0x4e00, 0xa48c, // CJK unified ideographs, Yi syllables
    0xa490, 0xa4c6, // Yi radicals
    0xa960, 0xa97c, // Hangul Jamo extended A
    0xac00, 0xd7a3, // Hangul syllables
    0xf900, 0xfaff, // CJK compatibility ideographs
    0xfe10, 0xfe19, // vertical forms
    0xfe30, 0xfe52, // CJK compatibility forms, small form variants
    0xfe54, 0xfe66,
    0xfe68, 0xfe6b,
    0xff01, 0xff60, // full-width ASCII forms: （）：，
    0xffe0, 0xffe6, // full-width signs
    0x16fe0, 0x16fe4,
    0x16ff0, 0x16ff1,
    0x17000, 0x187f7, // Tangut
    0x18800, 0x18cd5,
    0x18d00, 0x18d08,
    0x1aff0, 0x1aff3,
    0x1aff5, 0x1affb,
    0x1affd, 0x1affe,
    0x1b000, 0x1b122, // kana supplement and extended A
    0x1b132, 0x1b132,
    0x1b150, 0x1b152,
    0x1b155, 0x1b155,
    0x1b164, 0x1b167,
    0x1b170, 0x1b2fb, // Nushu
    0x1f004, 0x1f004, // 🀄
    0x1f0cf, 0x1f0cf,
    0x1f18e, 0x1f18e,
    0x1f191, 0x1f19a,
    0x1f200, 0x1f202, // enclosed ideographic supplement
    0x1f210, 0x1f23b,
    0x1f240, 0x1f248,
    0x1f250, 0x1f251,
    0x1f260, 0x1f265,
    0x1f300, 0x1f320, // miscellaneous symbols and pictographs with emoji presentation
    0x1f32d, 0x1f335,
    0x1f337, 0x1f37c,
    0x1f37e, 0x1f393,
    0x1f3a0, 0x1f3ca,
    0x1f3cf, 0x1f3d3,
    0x1f3e0, 0x1f3f0,
    0x1f3f4, 0x1f3f4,
    0x1f3f8, 0x1f43e, // includes the emoji modifiers U+1F3FB..U+1F3FF
    0x1f440, 0x1f440,
    0x1f442, 0x1f4fc,
    0x1f4ff, 0x1f53d,
    0x1f54b, 0x1f54e,
    0x1f550, 0x1f567,
    0x1f57a, 0x1f57a,
    0x1f595, 0x1f596,
    0x1f5a4, 0x1f5a4,
    0x1f5fb, 0x1f64f, // 🗻, emoticons
    0x1f680, 0x1f6c5, // transport and map symbols: 🚀
    0x1f6cc, 0x1f6cc,
    0x1f6d0, 0x1f6d2,
    0x1f6d5, 0x1f6d7,
    0x1f6dc, 0x1f6df,
    0x1f6eb, 0x1f6ec,
    0x1f6f4, 0x1f6fc,
    0x1f7e0, 0x1f7eb, // large coloured circles and squares
    0x1f7f0, 0x1f7f0,
    0x1f90c, 0x1f93a, // supplemental symbols and pictographs
    0x1f93c, 0x1f945,
    0x1f947, 0x1f9ff,
    0x1fa70, 0x1fa7c, // symbols and pictographs extended A
    0x1fa80, 0x1fa88,
    0x1fa90, 0x1fabd,
    0x1fabf, 0x1fac5,
    0x1face, 0x1fadb,
    0x1fae0, 0x1fae8,
    0x1faf0, 0x1faf8,
    0x20000, 0x2fffd, // CJK extensions B to F, compatibility supplement
    0x30000, 0x3fffd, // CJK extensions G and H
  };

  /** Returns whether {@code c} is East Asian Wide (W) or Fullwidth (F). */
  private static boolean isWide(int c) {
    if (c < WIDE[0]) {
      return false;
    }
    // the index of c, or where it would go: an odd insertion point lies inside a range
    int at = Arrays.binarySearch(WIDE, c);
    return at >= 0 || (-at - 1) % 2 == 1;
  }
}
