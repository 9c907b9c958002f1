package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisplayWidthTest {

  @ParameterizedTest(name = "{0} takes {1} columns")
  @CsvSource({
    "mirror,              6",
    "upstream,            8",
    "镜像加速器,             10",
    "上游,                  4",
    "'hosts.toml 第 2 行',  18",
    "'无：所有地址都失败',         18",
    "'（）',                 4",
    "한국어,                 6",
    "ｶﾀｶﾅ,                 4",
    "e\u0301,              1",
    "𠀋,                   2",
    "'',                   0",
  })
  void countsTerminalColumns(String text, int columns) {
    assertThat(DisplayWidth.of(text)).isEqualTo(columns);
  }

  /**
   * Review item (session 12): emoji with emoji presentation and the enclosed ideograph supplement
   * are East Asian Wide in UAX #11 but counted one column; an emoji modifier, Hangul medial and
   * final jamo and control characters were counted although a terminal draws nothing for them.
   */
  @ParameterizedTest(name = "U+{0} takes {1} columns")
  @CsvSource({
    // East_Asian_Width W: emoji presentation, enclosed ideographs
    "1F680, 2", // 🚀 rocket
    "1F6FC, 2", // 🛼 roller skate
    "2705,  2", // ✅
    "274C,  2", // ❌
    "2B50,  2", // ⭐
    "1F004, 2", // 🀄
    "1F200, 2", // 🈀
    "1F23B, 2", // 🈻
    "1F251, 2", // 🉑
    "231A,  2", // ⌚
    "3000,  2", // ideographic space (Fullwidth)
    "1F9D1, 2", // 🧑
    "2B55,  2", // ⭕
    // East_Asian_Width N or A: text presentation, one column
    "1F6E0, 1", // 🛠 hammer and wrench
    "1F321, 1", // 🌡 thermometer
    "1F5A8, 1", // 🖨 printer
    "1F900, 1", // 🤀 circled cross formee with four dots
    "2764,  1", // ❤ heavy black heart
    "FF61,  1", // ｡ halfwidth ideographic full stop
    // nothing drawn
    "1160,  0", // Hangul jungseong filler
    "1175,  0", // Hangul jungseong i
    "11A8,  0", // Hangul jongseong kiyeok
    "11FF,  0",
    "D7B0,  0", // Hangul jungseong o-yeo (Jamo Extended-B)
    "0000,  0",
    "001B,  0", // escape
    "007F,  0", // delete
    "0085,  0", // next line (C1)
    "009F,  0",
    "0041,  1",
  })
  void countsEachCodePointAsUax11AndTerminalsDo(String hex, int columns) {
    assertThat(DisplayWidth.of(Character.toString(Integer.parseInt(hex, 16)))).isEqualTo(columns);
  }

  @Test
  void anEmojiModifierAddsNoColumns() {
    assertThat(DisplayWidth.of("\uD83D\uDC4D")).isEqualTo(2); // 👍
    assertThat(DisplayWidth.of("\uD83D\uDC4D\uD83C\uDFFD")).isEqualTo(2); // 👍🏽 medium skin tone
    assertThat(DisplayWidth.of("\uD83D\uDC4D\uD83C\uDFFD \uD83D\uDE80")).isEqualTo(5); // 👍🏽 🚀
  }

  @Test
  void conjoiningHangulJamoMakeOneSyllable() {
    assertThat(DisplayWidth.of("\u1100\u1161\u11A8")).isEqualTo(2); // 각: initial, medial, final
  }

  @Test
  void controlCharactersTakeNoColumns() {
    assertThat(DisplayWidth.of("a\u001b\u0085b")).isEqualTo(2);
  }

  /**
   * ZWJ sequences: terminals that shape grapheme clusters (iTerm2, kitty, WezTerm, foot, Windows
   * Terminal) draw woman technologist (U+1F469 U+200D U+1F4BB) as one two-column glyph, and we
   * count that; VTE and xterm draw the emoji side by side (four columns). An emoji after a zero
   * width joiner adds no columns.
   */
  @Test
  void aZwjSequenceTakesTheColumnsOfOneEmoji() {
    assertThat(DisplayWidth.of("\uD83D\uDC69\u200D\uD83D\uDCBB"))
        .isEqualTo(2); // woman technologist
    assertThat(DisplayWidth.of("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"))
        .isEqualTo(2); // family: man, woman, girl
    // a joiner between letters (Devanagari ka, virama, ZWJ, ssa) joins no emoji: the letter still
    // counts
    assertThat(DisplayWidth.of("\u0915\u094D\u200D\u0937")).isEqualTo(2);
  }

  @Test
  void padsToColumnsNotCharacters() {
    assertThat(DisplayWidth.padded("上游", 8)).isEqualTo("上游    ");
    assertThat(DisplayWidth.padded("mirror", 8)).isEqualTo("mirror  ");
    assertThat(DisplayWidth.padded("镜像加速器", 8)).isEqualTo("镜像加速器");
  }
}
