package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Review item (session 17): the cli's {@code ErrorText} and {@link CoreMessages} each had their own
 * copy of the loop that recognises an English message by its form and words it by the same key.
 * {@link FormMatcher} is that loop once; both use it, and so does {@link EnglishForms} (review
 * item, session 17: it had a third copy), which takes the values as they are ({@link
 * FormMatcher#match}).
 */
class FormMatcherTest {
  private static final Map<String, String> ENGLISH =
      Map.of(
          "line", "cannot read {file}: {reason}",
          "reason.missing", "no such file",
          "reason.size", "larger than {size} bytes",
          "count", "{count} targets");
  private static final Map<String, String> CHINESE =
      Map.of(
          "line", "无法读取 {file}：{reason}",
          "reason.missing", "文件不存在",
          "reason.size", "超过 {size} 字节",
          "count", "{count} 个目标");
  private static final List<String> REASONS = List.of("reason.missing", "reason.size");

  private static final FormMatcher MATCHER =
      new FormMatcher(
          ENGLISH::get,
          Map.of("reason", REASONS),
          placeholder ->
              placeholder.equals("size") || placeholder.equals("count") ? "[0-9]+" : ".+");

  @Test
  void wordsAMessageWholeNestedPartIncluded() {
    assertThat(
            MATCHER.word(
                List.of("line"),
                "cannot read /etc/probes.yaml: larger than 65536 bytes",
                CHINESE::get,
                (name, value) -> value))
        .isEqualTo("无法读取 /etc/probes.yaml：超过 65536 字节");
  }

  @Test
  void leavesAMessageUnwordedWhenItsNestedPartIsInNoKnownForm() {
    assertThat(MATCHER.formOf(List.of("line"), "cannot read /etc/probes.yaml: permission denied"))
        .isNull();
    assertThat(
            MATCHER.word(
                List.of("line"),
                "cannot read /etc/probes.yaml: permission denied",
                CHINESE::get,
                (name, value) -> value))
        .isNull();
  }

  @Test
  void leavesAMessageUnwordedWhenAValueCannotBeWorded() {
    assertThat(
            MATCHER.word(
                List.of("line"),
                "cannot read probes.yaml: no such file",
                CHINESE::get,
                (name, value) -> name.equals("file") ? null : value))
        .isNull();
  }

  @Test
  void givesTheValuesToBeWordedByPlaceholderName() {
    assertThat(
            MATCHER.word(
                List.of("line"),
                "cannot read probes.yaml: no such file",
                CHINESE::get,
                (name, value) -> name.equals("file") ? "<" + value + ">" : value))
        .isEqualTo("无法读取 <probes.yaml>：文件不存在");
  }

  @Test
  void matchGivesTheKeyAndEachValueAsTheTextHasIt() {
    FormMatcher.Match match =
        MATCHER.match(List.of("count", "line"), "cannot read probes.yaml: larger than 7 bytes");

    assertThat(match).isNotNull();
    assertThat(match.key()).isEqualTo("line");
    assertThat(match.values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("file", "probes.yaml", "reason", "larger than 7 bytes"));
    assertThat(MATCHER.match(List.of("count"), "twelve targets")).isNull();
  }

  @Test
  void recognisesAPlaceholderOnlyByItsValueRegex() {
    assertThat(MATCHER.formOf(List.of("count"), "12 targets")).isEqualTo("count");
    assertThat(MATCHER.formOf(List.of("count"), "twelve targets")).isNull();
  }

  @Test
  void givesTheFirstOfTheKeysWhoseFormTheMessageHas() {
    FormMatcher loose =
        new FormMatcher(
            Map.of("specific", "cannot read {file}: no such file", "general", "cannot read {file}")
                ::get,
            Map.of(),
            placeholder -> ".+");
    assertThat(loose.formOf(List.of("specific", "general"), "cannot read a: no such file"))
        .isEqualTo("specific");
    assertThat(loose.formOf(List.of("general", "specific"), "cannot read a: no such file"))
        .isEqualTo("general");
  }
}
