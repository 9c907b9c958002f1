package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.internal.http.Redaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A secret that a terminal's hard wrap split across lines reaches no output of an explanation:
 * neither the echoed input (text and JSON) nor evidence, summaries or entities, in English and
 * Chinese, and the verdict stays what it was.
 */
class ExplainWrappedSecretsTest {
  private static final String MESSAGE =
      ExplainCorpus.entry("docker-login-incorrect-username-password-1").message();

  private static final String SECRET = "Canary0S3cretTokenValue0123456789abcdefXYZ";

  /** Secret-bearing lines, each with where its secret is written as {@code %s}. */
  private static final List<String> LINES =
      List.of(
          "$ docker login -u ci-bot-account-for-the-build -p %s registry.example.com",
          "> Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.%s",
          "{\"auths\":{\"registry.example.com\":{\"auth\":\"Y2k6Q2FuYXJ5LVMzY3JldA%s==\"}}}",
          "login with user=ci-bot-account-for-the-build password=%s failed",
          "Error response from daemon: Get \"https://ci:%s@registry.example.com/v2/\":"
              + " x509: certificate signed by unknown authority");

  /**
   * Breaks every line longer than {@code width} into lines of {@code width}, as a terminal does.
   */
  static String hardWrapped(String text, int width) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      int at = 0;
      while (line.length() - at > width) {
        out.append(line, at, at + width).append('\n');
        at += width;
      }
      out.append(line, at, line.length());
    }
    return out.toString();
  }

  /** Everything an explanation prints or returns. */
  private static List<String> outputs(Explanation explanation) {
    return List.of(
        explanation.toJson(),
        explanation.toJsonLine(),
        explanation.toString(),
        explanation.toText(false),
        explanation.input(),
        explanation.entities().toString());
  }

  /** Asserts that no piece of {@code secret} five characters long is in any output. */
  private static void assertNoPieceOf(String secret, Explanation explanation, String what) {
    for (String output : outputs(explanation)) {
      String unbroken = output.replace("\n", "").replace("\\n", "");
      for (int i = 0; i + 5 <= secret.length(); i++) {
        String piece = secret.substring(i, i + 5);
        assertThat(unbroken).as("%s: %s", what, piece).doesNotContain(piece);
      }
    }
  }

  static Stream<Arguments> wrappedAtEighty() {
    return Stream.of(
        Arguments.of(
            "docker login -p",
            hardWrapped(String.format(LINES.get(0), SECRET) + "\n" + MESSAGE, 80),
            DiagnosisCode.AUTH_INVALID),
        Arguments.of(
            "Bearer JWT",
            hardWrapped(String.format(LINES.get(1), SECRET) + "\n" + MESSAGE, 80),
            DiagnosisCode.AUTH_INVALID),
        Arguments.of(
            "auth in config.json",
            hardWrapped(String.format(LINES.get(2), SECRET) + "\n" + MESSAGE, 80),
            DiagnosisCode.AUTH_INVALID),
        Arguments.of(
            "user info in a URL",
            hardWrapped(String.format(LINES.get(4), SECRET), 80),
            DiagnosisCode.TLS_UNTRUSTED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrappedAtEighty")
  void aSecretSplitByAnEightyColumnWrapReachesNoOutput(
      String kind, String text, DiagnosisCode verdict) {
    for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
      Explanation explanation = ErrorExplainer.create(locale).explain(text);

      assertNoPieceOf(SECRET, explanation, kind + " " + locale);
      assertThat(explanation.verdict().code()).as(kind).isEqualTo(verdict);
    }
  }

  @Test
  void theLinesAroundASplitSecretAreEchoedAsTheyWere() {
    String text = hardWrapped(String.format(LINES.get(0), SECRET) + "\n" + MESSAGE, 80);

    Explanation explanation = ErrorExplainer.create(Locale.ENGLISH).explain(text);

    assertThat(explanation.input())
        .startsWith(
            "$ docker login -u ci-bot-account-for-the-build -p <redacted>\n<redacted>"
                + " registry.example.com\n")
        .endsWith("incorrect username or password");
  }

  @Test
  void aSplitSecretInABatchReachesNoOutput() {
    List<String> texts = new ArrayList<>();
    for (String line : LINES) {
      texts.add(hardWrapped(String.format(line, SECRET) + "\n" + MESSAGE, 80));
    }

    List<Explanation> explanations = ErrorExplainer.create(Locale.ENGLISH).explainAll(texts);

    for (Explanation explanation : explanations) {
      assertNoPieceOf(SECRET, explanation, "batch");
    }
  }

  @Test
  void aSplitSecretInTextLongerThanTheMaximumReachesNoOutput() {
    // The secret's line near the end, which is kept; a megabyte of progress lines before it.
    StringBuilder text = new StringBuilder(ErrorExplainer.MAX_WHOLE_CHARS + 100_000);
    while (text.length() < ErrorExplainer.MAX_WHOLE_CHARS + 50_000) {
      text.append("a3f1c9e2b7d4: Pulling fs layer, downloading 12.5MB of 80MB\n");
    }
    text.append(hardWrapped(String.format(LINES.get(0), SECRET) + "\n" + MESSAGE, 80));

    Explanation explanation = ErrorExplainer.create(Locale.ENGLISH).explain(text.toString());

    assertNoPieceOf(SECRET, explanation, "long text");
    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
  }

  @Test
  void realMessagesAsPastedAreRedactedAsBefore() {
    for (ExplainCorpus.Entry entry : ExplainCorpus.entries()) {
      assertThat(Redaction.textAcrossWraps(entry.message()))
          .as(entry.id())
          .isEqualTo(Redaction.text(entry.message()));
    }
  }

  @Test
  void explainingAWrappedSecretGivesTheVerdictOfTheTextWithoutIt() {
    // What the rules and the wording model read is what they read before: the split secret is
    // removed from the output only.
    for (String line : LINES) {
      String text = hardWrapped(String.format(line, SECRET) + "\n" + MESSAGE, 80);
      Explanation explanation = ErrorExplainer.create(Locale.ENGLISH).explain(text);
      ErrorExplainer.Analysis analysis = ErrorExplainer.create(Locale.ENGLISH).analyse(text);

      assertThat(explanation.verdict().code()).isEqualTo(analysis.explanation().verdict().code());
      assertThat(explanation.alternatives())
          .extracting(Finding::code)
          .isEqualTo(analysis.explanation().alternatives().stream().map(Finding::code).toList());
    }
  }

  /**
   * Property: random secrets in random secret-bearing lines, the whole text hard-wrapped at a
   * random width from 40 to 200 (seeded, so a failure repeats), never show a piece of the secret.
   */
  @Test
  void secretsWrappedAtAnyWidthReachNoOutput() {
    Random random = new Random(Long.getLong("wrapSeed", 17));
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    Function<Integer, String> secretOf =
        length -> {
          StringBuilder secret = new StringBuilder("Kx9");
          while (secret.length() < length) {
            secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
          }
          return secret.toString();
        };
    ErrorExplainer english = ErrorExplainer.create(Locale.ENGLISH);
    ErrorExplainer chinese = ErrorExplainer.create(Locale.SIMPLIFIED_CHINESE);
    for (int round = 0; round < Integer.getInteger("wrapRounds", 200); round++) {
      String secret = secretOf.apply(12 + random.nextInt(150));
      String line = String.format(LINES.get(random.nextInt(LINES.size())), secret);
      String prefix = "x".repeat(random.nextInt(60)) + " ";
      int width = 40 + random.nextInt(161);
      String text = hardWrapped(prefix + line + "\n" + MESSAGE, width);

      for (ErrorExplainer explainer : List.of(english, chinese)) {
        assertNoPieceOf(secret, explainer.explain(text), "width " + width + ":\n" + text);
      }
    }
  }
}
