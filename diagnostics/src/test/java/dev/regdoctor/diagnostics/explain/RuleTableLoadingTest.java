package dev.regdoctor.diagnostics.explain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped rule table is read without an {@code ObjectMapper} and compiles a pattern only when
 * its literals occur (issue 16); eager and lazy loading give the same table.
 */
class RuleTableLoadingTest {
  @Test
  void lazyAndEagerLoadingGiveTheSamePatterns() throws Exception {
    RuleTable lazy = load(false);
    RuleTable eager = load(true);

    assertThat(lazy.compiledProbes()).isLessThan(eager.compiledProbes());
    assertThat(sources(lazy.patterns())).isEqualTo(sources(eager.patterns()));
    assertThat(lazy.rules())
        .extracting(rule -> rule.id() + " " + rule.code() + " " + rule.probe().groups())
        .isEqualTo(
            eager.rules().stream()
                .map(rule -> rule.id() + " " + rule.code() + " " + rule.probe().groups())
                .toList());
  }

  @Test
  void explainingATextCompilesOnlyThePatternsItsLiteralsSelect() throws Exception {
    RuleTable table = load(false);

    table.match(ErrorText.of("dial tcp 10.0.0.1:5000: connect: connection refused"));
    table.client("dial tcp 10.0.0.1:5000: connect: connection refused");

    // The rules whose literals ("dial tcp", "refused", …) occur compile; the rest of the table
    // (hundreds of rules) stays uncompiled. A fixed count would break with every new rule.
    assertThat(table.compiledProbes()).isPositive().isLessThan(load(true).compiledProbes() / 5);
    assertThat(table.match(ErrorText.of("dial tcp 10.0.0.1:5000: connect: connection refused")))
        .isNotEmpty();
  }

  @Test
  void aBadPatternLoadedLazilyFailsOnFirstUseNamingItsRule() throws Exception {
    String rules =
        "{\"rules\": [{\"id\": \"broken\", \"code\": \"DNS_FAILURE\", \"any\": [\"lookup\"],"
            + " \"pattern\": \"lookup (\"}]}";
    RuleTable table = RuleTable.parse(new ByteArrayInputStream(rules.getBytes(UTF_8)), false);

    assertThatThrownBy(() -> table.match(ErrorText.of("lookup failed")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rule broken");
    assertThatThrownBy(() -> RuleTable.parse(new ByteArrayInputStream(rules.getBytes(UTF_8))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rule broken");
  }

  @Test
  void rejectsTextAfterTheJsonValue() {
    assertThatThrownBy(
            () -> RuleTable.parse(new ByteArrayInputStream("{} {}".getBytes(UTF_8)), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(RuleTable.RESOURCE);
  }

  private static RuleTable load(boolean eager) throws Exception {
    try (InputStream in = RuleTable.class.getResourceAsStream(RuleTable.RESOURCE)) {
      return RuleTable.parse(in, eager);
    }
  }

  private static List<String> sources(List<Pattern> patterns) {
    return patterns.stream().map(p -> p.pattern() + "/" + p.flags()).toList();
  }
}
