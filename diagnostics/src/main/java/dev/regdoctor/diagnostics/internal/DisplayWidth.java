package dev.regdoctor.diagnostics.internal;

/**
 * Terminal columns of text, for padding table columns: East Asian Wide and Fullwidth characters
 * (Unicode Standard Annex #11: CJK ideographs, kana, Hangul, full-width forms) take two columns,
 * combining marks and format characters none, everything else one. A terminal draws {@code 镜像加速器}
 * in ten columns, so padding it by its five characters misaligns the next column.
 */
final class DisplayWidth {
  private DisplayWidth() {}

  /** Returns how many terminal columns {@code text} takes. */
  static int of(String text) {
    int columns = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      columns += of(c);
      i += Character.charCount(c);
    }
    return columns;
  }

  /** Returns {@code text} followed by spaces up to {@code columns}; unchanged when as wide. */
  static String padded(String text, int columns) {
    int width = of(text);
    return width >= columns ? text : text + " ".repeat(columns - width);
  }

  /** Returns the columns of one code point. */
  static int of(int c) {
    int type = Character.getType(c);
    if (type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT
        || c == 0x200b) {
      return 0;
    }
    return isWide(c) ? 2 : 1;
  }

  /** The East Asian Wide (W) and Fullwidth (F) ranges of UAX #11, in code point order. */
  private static boolean isWide(int c) {
    return (c >= 0x1100 && c <= 0x115f) // Hangul Jamo initial consonants
        || (c >= 0x231a && c <= 0x231b)
        || (c >= 0x2329 && c <= 0x232a)
        || (c >= 0x2e80 && c <= 0x303e) // CJK radicals, Kangxi, ideographic description, 、。「」
        || (c >= 0x3041 && c <= 0x33ff) // kana, Bopomofo, Hangul compatibility, CJK symbols
        || (c >= 0x3400 && c <= 0x4dbf) // CJK extension A
        || (c >= 0x4e00 && c <= 0x9fff) // CJK unified ideographs
        || (c >= 0xa000 && c <= 0xa4cf) // Yi
        || (c >= 0xa960 && c <= 0xa97f) // Hangul Jamo extended A
        || (c >= 0xac00 && c <= 0xd7a3) // Hangul syllables
        || (c >= 0xf900 && c <= 0xfaff) // CJK compatibility ideographs
        || (c >= 0xfe10 && c <= 0xfe19) // vertical forms
        || (c >= 0xfe30 && c <= 0xfe6f) // CJK compatibility forms, small form variants
        || (c >= 0xff00 && c <= 0xff60) // full-width ASCII forms: （）：，
        || (c >= 0xffe0 && c <= 0xffe6) // full-width signs
        || (c >= 0x1f300 && c <= 0x1f64f) // pictographs and emoticons
        || (c >= 0x1f900 && c <= 0x1f9ff)
        || (c >= 0x20000 && c <= 0x3fffd); // CJK extensions B and later
  }
}
