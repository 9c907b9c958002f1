package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.explain.ExplainCorpus.Entry;
import dev.regdoctor.diagnostics.explain.PastedWrappers.Wrapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message the rules are tuned on (all tuning folds, never a held-out one), wrapped as real
 * tools and sites print or quote it ({@link PastedWrappers}), gets the verdict and entities of the
 * bare message. Wrappers the explainer undoes must change nothing; the few it cannot undo have
 * their count of changed messages pinned, so that a regression fails and an improvement is seen.
 */
class ExplainPastedWrappersTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);

  /**
   * The most messages (of the 10,440 on the tuning folds) whose verdict or entities a wrapper may
   * change, for wrappers not undone entirely (session 17's measurement, docs/explainer.md); every
   * wrapper not named must change none. A count may fall (print it and lower it here), never rise.
   */
  private static final Map<String, Integer> PINNED =
      Map.ofEntries(
          // Counts with session 17's final wording model (the cleaning's own "after" counts, with
          // session 16's model, are in docs/explainer.md): texts the model decides move when a
          // wrapper adds words, in both directions.
          // Session 2's wrappers, now over every tuning fold instead of corpus.jsonl alone.
          Map.entry("timestamps", 13),
          Map.entry("bracketed times and levels", 33),
          Map.entry("JSON log line", 5),
          Map.entry("Chinese text around", 8),
          Map.entry("long log around", 18),
          // Prefixes and lines undone; the CI's own closing lines stay (an error line the rules
          // and the wording model read).
          Map.entry("GitHub Actions raw log", 88),
          Map.entry("GitHub Actions \"Error: \" annotation", 76),
          Map.entry("GitLab CI job log", 169),
          Map.entry("Jenkins pipeline console", 180),
          Map.entry("docker compose service prefix", 14),
          Map.entry("docker compose v1 service prefix", 14),
          Map.entry("systemd journal, dockerd logrus line", 105),
          Map.entry("kubectl get events row", 147),
          Map.entry("kubectl describe Events row", 37),
          Map.entry("markdown or e-mail quote", 1),
          Map.entry("nested e-mail quote", 1),
          Map.entry("HTML-escaped text", 10),
          Map.entry("forum smart quotes", 5),
          // A break at column 80 inside a word cannot be told from a line that ends there.
          Map.entry("terminal hard-wrapped at 80 columns", 1306),
          Map.entry("JSON log line inside docker json-file", 6),
          Map.entry("Python docker SDK APIError", 57),
          // Exception types, stack frames and context lines are text of their own.
          Map.entry("Java uncaught exception", 117),
          Map.entry(".NET unhandled exception", 72),
          Map.entry("Rust anyhow Caused by list", 106),
          Map.entry("Chinese full-width punctuation", 40));

  private static List<Entry> entries;
  private static List<Explanation> plain;

  private static synchronized void load() {
    if (entries == null) {
      entries = ExplainCorpus.tunedOn();
      List<Explanation> explained = new ArrayList<>(entries.size());
      for (Entry entry : entries) {
        explained.add(EXPLAINER.explain(entry.message()));
      }
      plain = explained;
    }
  }

  /**
   * How many bare tuning messages each undoing step changes (text the rules and the wording model
   * see), at most as measured in session 17: a step that starts to rewrite ordinary messages fails
   * here. {@code -Dwrappers.dump=FILE} writes each message's verdict, entities and cleaned text.
   */
  @org.junit.jupiter.api.Test
  void undoingStepsRewriteFewBareMessages() {
    Map<String, Integer> most =
        Map.of(
            "terminalWraps", 2,
            "quoted", 19,
            "htmlReferences", 5,
            "typographic", 50,
            "logfmtValues", 25,
            "dockerPy", 5,
            "prefixEnd", 225);
    Map<String, java.util.function.UnaryOperator<String>> steps = new java.util.LinkedHashMap<>();
    steps.put("terminalWraps", PastedWrapping::terminalWraps);
    steps.put("quoted", PastedWrapping::quoted);
    steps.put("htmlReferences", PastedWrapping::htmlReferences);
    steps.put("typographic", PastedWrapping::typographic);
    steps.put("logfmtValues", PastedWrapping::logfmtValues);
    steps.put("dockerPy", PastedWrapping::dockerPy);
    steps.put(
        "prefixEnd",
        text -> {
          StringBuilder out = new StringBuilder();
          for (String line : text.split("\n", -1)) {
            out.append(line.substring(PastedWrapping.prefixEnd(line, 0, line.length())))
                .append('\n');
          }
          return out.substring(0, out.length() - 1);
        });
    for (Map.Entry<String, java.util.function.UnaryOperator<String>> step : steps.entrySet()) {
      List<String> changed = new ArrayList<>();
      for (Entry entry : ExplainCorpus.tunedOn()) {
        if (!step.getValue().apply(entry.message()).equals(entry.message())) {
          changed.add(entry.id());
        }
      }
      System.out.printf(
          "bare | %s | %d | %s%n",
          step.getKey(), changed.size(), changed.stream().limit(8).toList());
      assertThat(changed).as(step.getKey()).hasSizeLessThanOrEqualTo(most.get(step.getKey()));
    }
    List<String> cleaned = new ArrayList<>();
    for (Entry entry : ExplainCorpus.tunedOn()) {
      String input = ErrorText.examined(ErrorExplainer.redacted(entry.message()));
      Explanation bare = EXPLAINER.explain(entry.message());
      cleaned.add(
          entry.id()
              + "\t"
              + bare.verdict().code()
              + "\t"
              + bare.entities()
              + "\t"
              + ErrorExplainer.cleaned(input).text().replace("\n", "\\n"));
    }
    String dump = System.getProperty("wrappers.dump");
    if (dump != null) {
      try {
        java.nio.file.Files.write(java.nio.file.Path.of(dump), cleaned);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  static Stream<Wrapper> wrappers() {
    return PastedWrappers.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrappers")
  void wrappingChangesNoVerdictOrEntitiesBeyondThePinnedCount(Wrapper wrapper) {
    load();
    List<String> changed = new ArrayList<>();
    int applied = 0;
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      String wrapped = wrapper.wrap().apply(entry.message());
      if (wrapped == null) {
        continue;
      }
      applied++;
      Explanation bare = plain.get(i);
      Explanation noisy = EXPLAINER.explain(wrapped);
      Explanation.Entities expected = bare.entities();
      if (wrapper.pod() != null && expected.pod() == null) {
        expected =
            new Explanation.Entities(
                expected.registry(),
                expected.repository(),
                expected.reference(),
                expected.status(),
                expected.ociCode(),
                expected.platform(),
                expected.secret(),
                wrapper.pod(),
                expected.namespace());
      }
      if (bare.verdict().code() != noisy.verdict().code() || !expected.equals(noisy.entities())) {
        changed.add(
            entry.id()
                + ": "
                + bare.verdict().code()
                + " "
                + bare.entities()
                + " became "
                + noisy.verdict().code()
                + " "
                + noisy.entities());
      }
    }
    System.out.printf("wrapper | %s | %d of %d changed%n", wrapper.name(), changed.size(), applied);
    changed.stream().limit(Integer.getInteger("wrappers.show", 0)).forEach(System.out::println);

    assertThat(changed)
        .as(wrapper.name())
        .hasSizeLessThanOrEqualTo(PINNED.getOrDefault(wrapper.name(), 0));
  }
}
