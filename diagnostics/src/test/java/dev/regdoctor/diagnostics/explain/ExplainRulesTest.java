package dev.regdoctor.diagnostics.explain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.explain.ExplainCorpus.Entry;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.internal.http.Redaction;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rule table: every rule and context backed by a real message, resources complete, bad tables
 * rejected.
 */
class ExplainRulesTest {
  private static final RuleTable TABLE = RuleTable.standard();
  private static final Map<String, List<String>> EXAMPLES_BY_RULE = new TreeMap<>();
  private static final Map<String, List<String>> EXAMPLES_BY_CONTEXT = new TreeMap<>();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)\\}");

  @BeforeAll
  static void explainCorpus() {
    ErrorExplainer explainer = ErrorExplainer.create(Locale.ENGLISH);
    for (Entry entry : ExplainCorpus.tunedOn()) {
      ErrorExplainer.Analysis analysis = explainer.analyse(entry.message());
      if (analysis.ruleId() != null) {
        EXAMPLES_BY_RULE
            .computeIfAbsent(analysis.ruleId(), id -> new ArrayList<>())
            .add(entry.id());
      }
      if (analysis.contextId() != null) {
        EXAMPLES_BY_CONTEXT
            .computeIfAbsent(analysis.contextId(), id -> new ArrayList<>())
            .add(entry.id());
      }
    }
  }

  @Test
  void everyRuleGivesTheVerdictForAtLeastOneRealCorpusMessage() {
    StringBuilder listing = new StringBuilder("\nRules and the corpus messages they classify\n");
    List<String> withoutExample = new ArrayList<>();
    for (RuleTable.Rule rule : TABLE.rules()) {
      List<String> examples = EXAMPLES_BY_RULE.getOrDefault(rule.id(), List.of());
      listing.append(
          String.format(
              Locale.ROOT,
              "%-40s %-26s %3d  %s%n",
              rule.id(),
              rule.code(),
              examples.size(),
              examples.isEmpty() ? "-" : examples.get(0)));
      if (examples.isEmpty()) {
        withoutExample.add(rule.id());
      }
    }
    System.out.println(listing);

    assertThat(TABLE.rules()).hasSizeGreaterThan(50);
    assertThat(withoutExample).as("rules without a real example in the corpus").isEmpty();
  }

  @Test
  void everyContextExplainsAtLeastOneRealCorpusMessage() {
    for (RuleTable.Context context : TABLE.contexts()) {
      assertThat(EXAMPLES_BY_CONTEXT.getOrDefault(context.id(), List.of()))
          .as("corpus messages explained by context %s", context.id())
          .isNotEmpty();
    }
  }

  @Test
  void literalPrefiltersNeverHideAMatch() {
    for (Entry entry : ExplainCorpus.tunedOn()) {
      ErrorText text = ErrorText.of(Redaction.text(ErrorText.stripAnsi(entry.message())));
      for (RuleTable.Rule rule : TABLE.rules()) {
        if (rule.probe().pattern().matcher(text.text()).find()) {
          assertThat(rule.probe().mayMatch(text.lower()))
              .as(
                  "rule %s matches %s, but none of its literals %s occurs",
                  rule.id(), entry.id(), rule.probe().any())
              .isTrue();
        }
      }
      for (RuleTable.EntityRule rule : TABLE.entities()) {
        if (rule.probe().pattern().matcher(text.text()).find()) {
          assertThat(rule.probe().mayMatch(text.lower()))
              .as(
                  "entity pattern %s matches %s, but none of its literals occurs",
                  rule.id(), entry.id())
              .isTrue();
        }
      }
    }
  }

  @Test
  void everyNoteExistsInEnglishAndChinese() {
    List<String> notes = new ArrayList<>();
    TABLE.rules().forEach(rule -> notes.addAll(rule.notes()));
    TABLE.contexts().forEach(context -> notes.add(context.note()));
    for (Locale locale : List.of(Locale.ROOT, Catalogue.ZH_CN)) {
      Catalogue catalogue = Catalogue.forLocale(locale);
      for (String note : notes) {
        assertThat(catalogue.label("explain.note." + note))
            .as("note %s in %s", note, locale)
            .isNotBlank();
      }
      assertThat(catalogue.label("explain.alternatives")).isNotBlank();
      assertThat(catalogue.label("explain.source")).isNotBlank();
      assertThat(catalogue.label("explain.empty")).isNotBlank();
    }
  }

  /**
   * A verdict gets steps even when its text names no file, host or repository: a step that needs a
   * name needs a fallback (session 11: {@code CONFIG_INVALID}, {@code AUTH_INVALID}, {@code
   * K8S_PULL_SECRET_MISSING} and five more printed none when the text named no file or host).
   */
  @Test
  void everyVerdictCodeTheRulesProduceHasStepsThatNeedNoNames() {
    Set<DiagnosisCode> codes = EnumSet.noneOf(DiagnosisCode.class);
    TABLE.rules().forEach(rule -> codes.add(rule.code()));
    TABLE.contexts().forEach(context -> codes.add(context.code()));
    codes.remove(DiagnosisCode.UNKNOWN); // its steps are built from the text (ErrorExplainer)
    codes.remove(DiagnosisCode.OK); // nothing to do
    List<String> without = new ArrayList<>();
    for (Locale locale : List.of(Locale.ROOT, Catalogue.ZH_CN)) {
      Catalogue catalogue = Catalogue.forLocale(locale);
      for (DiagnosisCode code : codes) {
        if (catalogue.remedies(code, Map.of("detail", "x")).isEmpty()) {
          without.add(code + " (" + (locale == Locale.ROOT ? "en" : locale) + ")");
        }
      }
    }
    assertThat(without).as("codes without steps for a text that names nothing").isEmpty();
  }

  /** A summary naming a host or repository needs a fallback for text that names neither. */
  @Test
  void everyCodeTheRulesProduceHasASummaryThatNeedsNoNames() {
    Set<DiagnosisCode> codes = EnumSet.noneOf(DiagnosisCode.class);
    TABLE
        .rules()
        .forEach(
            rule -> {
              codes.add(rule.code());
              codes.addAll(rule.alternatives());
            });
    TABLE.contexts().forEach(context -> codes.add(context.code()));
    for (Locale locale : List.of(Locale.ROOT, Catalogue.ZH_CN)) {
      Catalogue catalogue = Catalogue.forLocale(locale);
      for (DiagnosisCode code : codes) {
        assertThat(catalogue.covers(code)).as("%s has steps in %s", code, locale).isTrue();
        String template = catalogue.template(code.name() + ".summary");
        if (!placeholders(template).stream().allMatch("detail"::equals)) {
          String fallback = catalogue.template("explain." + code.name() + ".summary");
          assertThat(placeholders(fallback))
              .as("fallback summary of %s in %s", code, locale)
              .allMatch("detail"::equals);
        }
      }
    }
  }

  @Nested
  class Loading {
    @Test
    void rejectsAPatternThatDoesNotCompile() {
      assertThatThrownBy(
              () -> parse(rule("broken", "AUTH_REQUIRED", "unauthorized(", "unauthorized")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("rule broken");
    }

    @Test
    void rejectsAnUnknownCode() {
      assertThatThrownBy(() -> parse(rule("odd", "NO_SUCH_CODE", "unauthorized", "unauthorized")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("unknown code NO_SUCH_CODE");
    }

    @Test
    void rejectsARepeatedId() {
      String twice =
          rule("same", "AUTH_REQUIRED", "a", "a") + "," + rule("same", "AUTH_INVALID", "b", "b");
      assertThatThrownBy(() -> parse(twice))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("rule same is defined twice");
    }

    @Test
    void rejectsAGroupThatNamesNoEntity() {
      assertThatThrownBy(
              () -> parse(rule("group", "DNS_FAILURE", "lookup (?<hostname>\\\\S+)", "lookup")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("<hostname> names no entity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lookup", ""})
    void rejectsLiteralsThatAreNotLowercase(String literal) {
      assertThatThrownBy(() -> parse(rule("case", "DNS_FAILURE", "lookup", literal)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("must be lowercase");
    }

    @Test
    void expandsMacrosAndAcceptsNumberedGroups() throws Exception {
      RuleTable table =
          RuleTable.parse(
              new ByteArrayInputStream(
                  ("{\"macros\": {\"HOST\": \"[a-z.]+\"}, \"rules\": ["
                          + rule(
                              "lookup",
                              "DNS_FAILURE",
                              "lookup (?<host>{HOST})|unknown host (?<host2>{HOST})",
                              "lookup",
                              "unknown host")
                          + "]}")
                      .getBytes(UTF_8)));

      List<RuleTable.Hit> hits =
          table.match(ErrorText.of("java.net.UnknownHostException: Unknown host gcr.io"));

      assertThat(hits)
          .singleElement()
          .satisfies(hit -> assertThat(hit.groups()).containsEntry("host", "gcr.io"));
    }

    @Test
    void signsAreFoundInTheRulesLiteralPassAndUnknownSignsAreRefused() throws Exception {
      RuleTable table =
          RuleTable.parse(
              new ByteArrayInputStream(
                  ("{\"signs\": [{\"sign\": \"mirror\", \"any\": [\"mirror.\"]}], \"rules\": ["
                          + rule("lookup", "DNS_FAILURE", "lookup", "lookup")
                          + "]}")
                      .getBytes(UTF_8)));

      assertThat(table.shows(ErrorText.of("GET https://Mirror.example/v2/: EOF"), "mirror"))
          .isTrue();
      assertThat(table.shows(ErrorText.of("GET https://r.example/v2/: EOF"), "mirror")).isFalse();
      assertThatThrownBy(() -> table.shows(ErrorText.of("x"), "pod-relayed"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no sign pod-relayed");
    }

    @Test
    void rejectsASignWithoutLiterals() {
      assertThatThrownBy(
              () ->
                  RuleTable.parse(
                      new ByteArrayInputStream(
                          "{\"signs\": [{\"sign\": \"mirror\"}]}".getBytes(UTF_8))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("sign mirror");
    }

    private RuleTable parse(String rules) throws Exception {
      return RuleTable.parse(
          new ByteArrayInputStream(("{\"rules\": [" + rules + "]}").getBytes(UTF_8)));
    }

    private String rule(String id, String code, String pattern, String... literals) {
      StringBuilder any = new StringBuilder();
      for (String literal : literals) {
        any.append(any.length() == 0 ? "" : ", ").append('"').append(literal).append('"');
      }
      return "{\"id\": \""
          + id
          + "\", \"code\": \""
          + code
          + "\", \"any\": ["
          + any
          + "], \"pattern\": \""
          + pattern
          + "\"}";
    }
  }

  private static List<String> placeholders(String template) {
    List<String> names = new ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(template);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
