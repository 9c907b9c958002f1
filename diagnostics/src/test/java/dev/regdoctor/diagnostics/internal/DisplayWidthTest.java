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

  @Test
  void padsToColumnsNotCharacters() {
    assertThat(DisplayWidth.padded("上游", 8)).isEqualTo("上游    ");
    assertThat(DisplayWidth.padded("mirror", 8)).isEqualTo("mirror  ");
    assertThat(DisplayWidth.padded("镜像加速器", 8)).isEqualTo("镜像加速器");
  }
}
