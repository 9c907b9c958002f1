package dev.regdoctor.diagnostics.explain;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.RegistryAddress;
import dev.regdoctor.internal.http.Redaction;
import dev.regdoctor.reference.ImageReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Explains pasted pull errors: turns the text a client printed (Docker CLI and daemon, containerd,
 * kubelet events, Podman, skopeo, crane, Jib, Helm, BuildKit, CRI-O, Java exceptions) into the same
 * {@link Finding}s a live diagnosis produces, with the registry, image and Kubernetes names found
 * in the text filled into the remediation commands.
 *
 * <pre>{@code
 * ErrorExplainer explainer = ErrorExplainer.create(Locale.ENGLISH);
 * Explanation explanation = explainer.explain(
 *     "Error response from daemon: pull access denied for minio, repository does not exist"
 *         + " or may require 'docker login': denied: requested access to the resource is denied");
 * explanation.verdict().code();   // NOT_FOUND_OR_DENIED, alternatives REPOSITORY_NOT_FOUND, AUTH_REQUIRED
 * }</pre>
 *
 * <p>The text may be a whole log: ANSI colors, timestamps and log-level prefixes, JSON log lines
 * ({@code {"level":"error","msg":"…"}}), logfmt lines ({@code level=error msg="…"}) with escaped
 * quotes, Windows line endings and surrounding text in other languages are handled; the lines that
 * matter are found by the rules in {@code explain-rules.json}, which are ordered from specific to
 * generic. Secrets in the text (passwords, tokens, {@code Authorization} values, URL query values)
 * are redacted before anything is kept. Of text longer than {@link #MAX_WHOLE_CHARS}, the last
 * lines and the earlier lines that look like errors are explained, {@link Explanation#input()}
 * holds just those, with a line {@code [regdoctor: N earlier lines left out here]} where the others
 * were.
 *
 * <p>Instances are immutable, thread-safe and cheap to share; explaining never throws for any text,
 * and yields {@code UNKNOWN} when no rule matches.
 */
public final class ErrorExplainer {
  /**
   * Text up to this many characters (1 Mi) is explained whole; of longer text, the last lines and
   * the earlier lines that look like errors, this many characters in all.
   */
  public static final int MAX_WHOLE_CHARS = ErrorText.MAX_LENGTH;

  private static final int MAX_ALTERNATIVES = 4;

  /**
   * How many lines around the verdict's lines are searched for the registry, image and Kubernetes
   * names.
   */
  private static final int LINES_BEFORE = 40;

  private static final int LINES_AFTER = 10;
  private static final int MAX_UNMATCHED_LINES = 5;

  /** The note that Docker Hub and GHCR answer "unauthorized" for missing repositories too. */
  private static final String UNAUTHORIZED_HIDES = "unauthorized-hides";

  /** The note that Docker's ambiguous denial also means "no valid login was sent". */
  private static final String NOT_FOUND_OR_DENIED_NOTE = "not-found-or-denied";

  private final Catalogue catalogue;
  private final RuleTable rules;

  /** Which steps and summary fit the client and the words of the text. */
  private final RemedyChoice remedies;

  /** The wording model asked when no rule matched; null: the shipped one, read on first use. */
  private final @Nullable WordingModel wording;

  private ErrorExplainer(Catalogue catalogue, RuleTable rules, @Nullable WordingModel wording) {
    this.catalogue = catalogue;
    this.rules = rules;
    this.remedies = new RemedyChoice(catalogue, rules);
    this.wording = wording;
  }

  /** Returns this explainer asking {@code model} when no rule matched (for cross-validation). */
  ErrorExplainer withWordingModel(WordingModel model) {
    return new ErrorExplainer(catalogue, rules, requireNonNull(model, "model"));
  }

  /**
   * Returns an explainer writing summaries and remediation in {@code locale}'s language: Simplified
   * Chinese for any {@code zh} locale, else English.
   */
  public static ErrorExplainer create(Locale locale) {
    return new ErrorExplainer(
        Catalogue.forLocale(requireNonNull(locale, "locale")), RuleTable.standard(), null);
  }

  /**
   * Returns the language of summaries and remediation: {@code zh-CN} or English ({@link
   * Locale#ROOT}).
   */
  public Locale locale() {
    return catalogue.locale();
  }

  /**
   * Explains {@code text}, one message or a whole pasted log.
   *
   * @throws NullPointerException if {@code text} is null
   */
  public Explanation explain(String text) {
    Explanation explanation = analyse(text).explanation();
    return SplitSecrets.removed(explanation, text);
  }

  /** Explains each text on its own, in order (for {@code explain --batch}). */
  public List<Explanation> explainAll(List<String> texts) {
    requireNonNull(texts, "texts");
    List<Explanation> explanations = new ArrayList<>(texts.size());
    for (String text : texts) {
      explanations.add(explain(text));
    }
    return explanations;
  }

  /**
   * An explanation, the rule behind its verdict and the remediation family its steps were written
   * for ({@link RemedyChoice#family(String, boolean)}), for tests and rule authors.
   */
  record Analysis(
      Explanation explanation,
      @Nullable String ruleId,
      @Nullable String contextId,
      String family) {}

  Analysis analyse(String text) {
    requireNonNull(text, "text");
    String input = ErrorText.examined(redacted(text));
    ErrorText cleaned = cleaned(input);
    // Most messages need no cleaning: then the literals found for the rules serve the client too.
    // (examined keeps the input within ErrorText.MAX_LENGTH, so it is whole here.)
    String client = input.equals(cleaned.text()) ? rules.client(cleaned) : rules.client(input);
    List<RuleTable.Hit> hits = CauseOrder.innermostFirst(cleaned, rules.match(cleaned));
    if (hits.isEmpty()) {
      // Nothing matched: the paste may be hard-wrapped in the middle of a message.
      ErrorText joined = cleaned.unwrapped().orElse(null);
      List<RuleTable.Hit> again = joined == null ? List.of() : rules.match(joined);
      if (!again.isEmpty()) {
        cleaned = joined;
        hits = CauseOrder.innermostFirst(joined, again);
      }
    }
    RuleTable.Hit verdict = hits.isEmpty() ? null : hits.get(0);
    if (verdict != null
        && verdict.code() == DiagnosisCode.OK
        && cleaned.hasErrorLineAfter(verdict.end())) {
      // A success line followed by an error the rules do not know is not a success.
      verdict = null;
      hits = List.of();
    }
    RemedyChoice.Families families = remedies.families(client, cleaned);
    String family = families.general();

    EntityDraft draft = new EntityDraft();
    if (verdict != null) {
      int[] html = takeOwnLines(cleaned, verdict, draft);
      int first = verdict.firstLine(cleaned);
      int last = verdict.lastLine(cleaned);
      int from = cleaned.lineStart(first);
      int to = cleaned.lineEnd(cleaned.lineStart(last));
      // Names far from the failure in a long log are more likely about something else.
      int around = cleaned.lineStart(first - LINES_BEFORE);
      int aroundEnd = cleaned.lineEnd(cleaned.lineStart(last + LINES_AFTER));
      if (around < from || aroundEnd > to) {
        draft.nearby = true;
        // The invalid reference a lenient rule's failure is about is often named on the command
        // line above it ("docker run … jjangsangy/ExplainToMe:latest").
        draft.lenientLines = verdict.rule().lenient();
        extractOutside(cleaned, around, aroundEnd, html, draft);
        draft.nearby = false;
        draft.lenientLines = false;
      }
      if (html != null) {
        rules.extract(cleaned, html[0], html[1], draft);
      }
    } else {
      rules.extract(cleaned, 0, cleaned.length(), draft);
    }
    if (draft.registry == null
        && draft.host == null
        && draft.realm == null
        && !draft.registryUnreadable
        && rules.shows(cleaned, "docker-hub")) {
      // Docker Hub's own wording ("You have reached your pull rate limit") names no host.
      draft.registry = ImageReference.DOCKER_HUB;
    }
    Explanation.Entities entities =
        draft.entities(client, verdict != null && verdict.context() != null);

    if (verdict == null && !cleaned.hasErrorLine() && SuccessLines.shows(cleaned.text())) {
      // "Successfully pulled image …": nothing failed, and saying UNKNOWN would claim it did. A
      // text with neither error nor success words is explained like any text no rule matched.
      Finding none =
          new Finding(
              DiagnosisCode.OK,
              DiagnosisCode.OK.severity(),
              catalogue.label("explain.noError"),
              List.of(),
              List.of(),
              null);
      return new Analysis(
          new Explanation(input, client, none, List.of(), entities), null, null, family);
    }
    if (verdict == null) {
      // No rule matched: the wording model may still recognise how the failure is worded.
      Explanation inferred = inferred(input, client, cleaned, draft, entities, families);
      return new Analysis(
          inferred != null ? inferred : unknown(input, client, cleaned, draft, entities),
          null,
          null,
          family);
    }

    String excerpt =
        cleaned.excerpt(verdict.regionStart(), verdict.end(), verdict.start(), verdict.end());
    String detail = cleaned.excerpt(verdict.start(), verdict.end(), verdict.start(), verdict.end());
    Map<String, String> values = values(draft, entities, detail, verdict);
    remedies.putTextValues(values, cleaned, verdict.code());
    if (verdict.contextUrl() != null) {
      // The cause happened at the token service or blob storage: the steps test that host.
      values = ExplainAddresses.atUrl(values, verdict.contextUrl());
    }
    // A transcript (curl -v, -H) that shows the Authorization header sent.
    boolean headerShown = rules.shows(cleaned, "authorization-sent");
    List<String> evidence = new ArrayList<>();
    evidence.add(excerpt);
    if (verdict.context() != null) {
      addNote(evidence, verdict.context().note());
    }
    for (String note : verdict.rule().notes()) {
      if (note.equals(NOT_FOUND_OR_DENIED_NOTE) && headerShown) {
        // Docker's "no valid login was sent" does not describe a request shown with its header.
        continue;
      }
      if (!note.equals(UNAUTHORIZED_HIDES) || mayHideMissingRepositories(entities.registry())) {
        addNote(evidence, note);
      }
    }
    DiagnosisCode code = verdict.code();
    if (code == DiagnosisCode.AUTH_REQUIRED
        && !verdict.rule().notes().contains("login-usage")
        && !excerpt.toLowerCase(Locale.ROOT).contains("anonymous")
        && (rules.shows(cleaned, "credentials-sent")
            || Redaction.showsCommandLineLogin(cleaned.text()))) {
      // A 401 after a login with a password, or with a helper's credentials, refuses them; an
      // anonymous token request sent none, whatever came before it; a login command that stopped
      // for want of credentials sent nothing (its words name --password-stdin).
      code = DiagnosisCode.AUTH_INVALID;
    }
    if (headerShown) {
      // The credentials are the header the transcript shows, not a stored login.
      values.put("source", catalogue.label("explain.source.header"));
    }
    if (code == DiagnosisCode.NOT_FOUND_OR_DENIED && headerShown) {
      // A transcript that shows the Authorization header sent: the registry denied a request that
      // carried credentials, which the code table calls ACCESS_DENIED (review, session 15); that
      // it may also deny a missing repository so stays an alternative.
      code = DiagnosisCode.ACCESS_DENIED;
    }
    if (verdict.context() != null && verdict.context().replaces().contains(code)) {
      // The phase's service answered the failure itself (a token service's server error).
      code = verdict.context().code();
    }
    Finding finding =
        code == verdict.code()
            ? remedies.finding(
                code,
                remedies.variant(client, verdict, cleaned, entities, values),
                values,
                evidence,
                families)
            : remedies.finding(code, values, evidence, families);

    Map<DiagnosisCode, List<String>> others = new LinkedHashMap<>();
    // An alternative from another line may be about another host: its advice names that host.
    Map<DiagnosisCode, Map<String, String>> otherValues = new HashMap<>();
    if (code != verdict.code()) {
      others.put(verdict.code(), List.of(excerpt));
    }
    if (verdict.context() != null && verdict.context().code() != code) {
      // The phase the cause happened in is context: it refines the advice, it is not the verdict.
      others.put(verdict.context().code(), List.of(excerpt));
    }
    verdict.rule().alternatives().forEach(other -> others.putIfAbsent(other, List.of(excerpt)));
    for (RuleTable.Hit hit : hits.subList(1, hits.size())) {
      // Other lines hold other failures; on the verdict's own line only a phase is worth naming.
      // A success line elsewhere (another container's image "already present") is no alternative.
      if (hit.code() != DiagnosisCode.UNKNOWN
          && hit.code() != DiagnosisCode.OK
          && (!CauseOrder.sharesLines(cleaned, verdict, hit)
              || CauseOrder.PHASES.contains(hit.code())
              // the outer words a deeper cause was moved ahead of
              || CauseOrder.OUTER.contains(hit.code()) && hit.start() < verdict.start())) {
        String hitExcerpt = cleaned.excerpt(hit.regionStart(), hit.end(), hit.start(), hit.end());
        if (others.putIfAbsent(hit.code(), List.of(hitExcerpt)) == null
            && !CauseOrder.sharesLines(cleaned, verdict, hit)) {
          Map<String, String> own = ownValues(cleaned, client, hit, entities);
          if (own != null) {
            otherValues.put(hit.code(), own);
          }
        }
      }
    }
    if (rules.shows(cleaned, "mirror")) {
      // A mirror or pull-through proxy on the way may be what failed: when a failure of another
      // line than the verdict's names the mirror, that line is the mirror's and says what failed.
      RuleTable.Hit atMirror = mirrorHit(cleaned, verdict, hits);
      if (atMirror == null) {
        others.putIfAbsent(DiagnosisCode.MIRROR_FAILURE, List.of(excerpt));
      } else if (others.putIfAbsent(
              DiagnosisCode.MIRROR_FAILURE,
              List.of(
                  cleaned.excerpt(
                      atMirror.regionStart(), atMirror.end(), atMirror.start(), atMirror.end())))
          == null) {
        Map<String, String> own = ownValues(cleaned, client, atMirror, entities);
        if (own == null) {
          own = new HashMap<>(values);
          own.put(
              "detail",
              cleaned.excerpt(atMirror.start(), atMirror.end(), atMirror.start(), atMirror.end()));
        }
        otherValues.put(DiagnosisCode.MIRROR_FAILURE, own);
      }
    }
    others.remove(code);
    List<Finding> alternatives = new ArrayList<>();
    for (Map.Entry<DiagnosisCode, List<String>> other : others.entrySet()) {
      if (alternatives.size() == MAX_ALTERNATIVES) {
        break;
      }
      alternatives.add(
          remedies.finding(
              other.getKey(),
              otherValues.getOrDefault(other.getKey(), values),
              other.getValue(),
              families));
    }
    Explanation explanation = new Explanation(input, client, finding, alternatives, entities);
    return new Analysis(
        explanation,
        verdict.rule().id(),
        verdict.context() == null ? null : verdict.context().id(),
        family);
  }

  /**
   * The values of a hit on other lines than the verdict's, from its own lines alone, when they name
   * another registry or failing host than the verdict's entities; otherwise {@code null} (the
   * verdict's values serve).
   */
  private @Nullable Map<String, String> ownValues(
      ErrorText cleaned, String client, RuleTable.Hit hit, Explanation.Entities verdictEntities) {
    EntityDraft own = new EntityDraft();
    int[] html = takeOwnLines(cleaned, hit, own);
    if (html != null) {
      rules.extract(cleaned, html[0], html[1], own);
    }
    Explanation.Entities entities = own.entities(client, hit.context() != null);
    String registry = entities.registry();
    if (registry == null || registry.equalsIgnoreCase(String.valueOf(verdictEntities.registry()))) {
      return null;
    }
    String detail = cleaned.excerpt(hit.start(), hit.end(), hit.start(), hit.end());
    Map<String, String> values = values(own, entities, detail, hit);
    return hit.contextUrl() == null ? values : ExplainAddresses.atUrl(values, hit.contextUrl());
  }

  /**
   * Returns the failure on the line where the text first names a mirror ({@code mirror} sign), when
   * that is not a line of the verdict; otherwise {@code null}.
   */
  private RuleTable.@Nullable Hit mirrorHit(
      ErrorText cleaned, RuleTable.Hit verdict, List<RuleTable.Hit> hits) {
    int at = rules.signAt(cleaned, "mirror");
    if (at < 0) {
      return null;
    }
    int line = cleaned.lineOf(at);
    if (line >= verdict.firstLine(cleaned) && line <= verdict.lastLine(cleaned)) {
      return null;
    }
    for (RuleTable.Hit hit : hits) {
      if (hit.code() != DiagnosisCode.UNKNOWN
          && line >= hit.firstLine(cleaned)
          && line <= hit.lastLine(cleaned)) {
        return hit;
      }
    }
    return null;
  }

  /**
   * Takes into {@code draft} the names of {@code hit}'s groups, then those on its own lines outside
   * an HTML page they hold; returns that page's range ({@link #htmlPage}), whose names the caller
   * takes last: a path in a front end's error page ({@code <code>/v2/pause/manifests/sha256:…}) is
   * not the image the user pulled.
   */
  private int @Nullable [] takeOwnLines(ErrorText cleaned, RuleTable.Hit hit, EntityDraft draft) {
    // A lenient rule's failure is about an invalid reference: its lines name it as written.
    draft.lenientLines = hit.rule().lenient();
    draft.accept(hit.groups(), hit.rule().lenient(), false);
    int from = cleaned.lineStart(hit.firstLine(cleaned));
    int to = cleaned.lineEnd(cleaned.lineStart(hit.lastLine(cleaned)));
    int[] html = htmlPage(cleaned.text(), from, to);
    extractOutside(cleaned, from, to, html, draft);
    draft.lenientLines = false;
    return html;
  }

  /** Takes the names of {@code [start, end)} of {@code cleaned} except those in {@code skip}. */
  private void extractOutside(
      ErrorText cleaned, int start, int end, int @Nullable [] skip, EntityDraft draft) {
    if (skip == null || skip[1] <= start || skip[0] >= end) {
      rules.extract(cleaned, start, end, draft);
      return;
    }
    if (skip[0] > start) {
      rules.extract(cleaned, start, skip[0], draft);
    }
    if (skip[1] < end) {
      rules.extract(cleaned, skip[1], end, draft);
    }
  }

  /** The tags that open an HTML page a server answered with instead of the registry API. */
  private static final List<String> HTML_OPENERS =
      List.of("<!doctype html", "<html", "<head>", "<body", "<title>");

  /**
   * Returns {@code [start, end)} of the HTML page in {@code [from, to)} of {@code text}: from its
   * first opening tag to its {@code </html>} or {@code to}; {@code null} when there is none.
   */
  static int @Nullable [] htmlPage(String text, int from, int to) {
    for (int i = text.indexOf('<', from); i >= 0 && i < to; i = text.indexOf('<', i + 1)) {
      for (String opener : HTML_OPENERS) {
        if (text.regionMatches(true, i, opener, 0, opener.length())) {
          int close = indexOfTagIgnoreCase(text, "</html>", i, to);
          return new int[] {i, close < 0 ? to : close + "</html>".length()};
        }
      }
    }
    return null;
  }

  /**
   * Returns where {@code tag} (which starts with {@code <}) occurs in {@code [from, to)}, or -1.
   */
  private static int indexOfTagIgnoreCase(String text, String tag, int from, int to) {
    for (int i = text.indexOf('<', from);
        i >= 0 && i + tag.length() <= to;
        i = text.indexOf('<', i + 1)) {
      if (text.regionMatches(true, i, tag, 0, tag.length())) {
        return i;
      }
    }
    return -1;
  }

  /** Returns {@code text} without ANSI escapes and with its secrets redacted. */
  static String redacted(String text) {
    return Redaction.text(ErrorText.stripAnsi(text));
  }

  /** Returns the redacted {@code input} normalised for the rules (and the wording model). */
  static ErrorText cleaned(String input) {
    ErrorText cleaned = ErrorText.of(input);
    if (!cleaned.text().equals(input)) {
      // Undoing quotes can reveal a secret the redaction did not see in its escaped form.
      String again = Redaction.text(cleaned.text());
      if (!again.equals(cleaned.text())) {
        cleaned = ErrorText.of(again);
      }
    }
    return cleaned;
  }

  private void addNote(List<String> evidence, String note) {
    evidence.add(catalogue.label("explain.note." + note));
  }

  /**
   * The honest answer when no rule matched: the innermost cause the text gives, the raw lines, and
   * steps a person can take next (look the cause up, diagnose the named image live, ask the
   * registry by hand, rerun the client with debug output).
   */
  private Explanation unknown(
      String input,
      String client,
      ErrorText cleaned,
      EntityDraft draft,
      Explanation.Entities entities) {
    List<String> lines = cleaned.errorLines(MAX_UNMATCHED_LINES);
    String detail = lines.isEmpty() ? catalogue.label("explain.empty") : lines.get(0);
    String cause = ErrorChain.innermost(cleaned, cleaned.lastErrorLine());
    if (cause.isEmpty()) {
      cause = detail;
    }
    Map<String, String> values = values(draft, entities, detail, null);
    values.put("cause", cause);
    List<String> evidence = new ArrayList<>(lines);
    if (!lines.contains(cause)) {
      evidence.add(catalogue.label("explain.note.innermost") + ": " + cause);
    }
    Finding unknown =
        new Finding(
            DiagnosisCode.UNKNOWN,
            DiagnosisCode.UNKNOWN.severity(),
            lines.isEmpty()
                ? catalogue.template("explain.UNKNOWN.empty.summary")
                : Catalogue.fill(catalogue.template("explain.UNKNOWN.summary"), values),
            evidence,
            catalogue.remedies("explain.UNKNOWN", values),
            DiagnosisCode.UNKNOWN.guide().orElse(null));
    return new Explanation(input, client, unknown, List.of(), entities);
  }

  /**
   * The verdict the wording model infers when no rule matched, or null when it abstains. The
   * finding says that no rule matched and that the cause is inferred from the wording; it keeps the
   * raw lines and the innermost cause as evidence, like {@code UNKNOWN}, and gives the inferred
   * code's steps with the text's names filled in.
   */
  private @Nullable Explanation inferred(
      String input,
      String client,
      ErrorText cleaned,
      EntityDraft draft,
      Explanation.Entities entities,
      RemedyChoice.Families families) {
    List<String> lines = cleaned.errorLines(MAX_UNMATCHED_LINES);
    if (lines.isEmpty()) {
      return null;
    }
    String cause = ErrorChain.innermost(cleaned, cleaned.lastErrorLine());
    WordingModel model = wording != null ? wording : WordingModel.standard();
    WordingModel.Guess guess = model.guess(cleaned, cause).orElse(null);
    if (guess == null) {
      return null;
    }
    Map<String, String> values = values(draft, entities, lines.get(0), null);
    remedies.putTextValues(values, cleaned, guess.code());
    values.put("cause", cause.isEmpty() ? lines.get(0) : cause);
    List<String> evidence = new ArrayList<>(lines);
    if (!cause.isEmpty() && !lines.contains(cause)) {
      evidence.add(catalogue.label("explain.note.innermost") + ": " + cause);
    }
    evidence.add(catalogue.label("explain.note.wording"));
    Finding code = remedies.finding(guess.code(), values, evidence, families);
    values.put("meaning", code.summary());
    values.put("confidence", String.valueOf(Math.round(100 * guess.confidence())));
    Finding verdict =
        new Finding(
            code.code(),
            code.severity(),
            Catalogue.fill(catalogue.template("explain.wording.summary"), values),
            code.evidence(),
            code.remediation(),
            code.guide());
    List<Finding> alternatives = new ArrayList<>();
    for (DiagnosisCode other : guess.alternatives()) {
      alternatives.add(remedies.finding(other, values, evidence, families));
    }
    return new Explanation(input, client, verdict, alternatives, entities);
  }

  /**
   * Returns whether {@code registry} is one that answers "unauthorized" for a repository that does
   * not exist as for a private one (Docker Hub, GHCR), or the text names no registry to tell.
   */
  private static boolean mayHideMissingRepositories(@Nullable String registry) {
    return registry == null
        || ImageMention.isDockerHub(registry)
        || registry.equalsIgnoreCase("ghcr.io");
  }

  /** The placeholder values the catalogue fills into summaries and commands. */
  private Map<String, String> values(
      EntityDraft draft,
      Explanation.Entities entities,
      String detail,
      RuleTable.@Nullable Hit verdict) {
    Map<String, String> values = new HashMap<>();
    values.put("detail", detail);
    values.put("source", catalogue.label("explain.source"));
    String registry = entities.registry();
    String repository = entities.repository();
    String reference = entities.reference();
    boolean hub = ImageMention.isDockerHub(registry);
    if (registry != null) {
      values.put("registry", hub ? ImageReference.DOCKER_HUB : registry);
      values.put("host", hub ? ImageReference.DOCKER_HUB_API_HOST : registry);
      values.put("credentialKey", hub ? ImageReference.DOCKER_HUB_CREDENTIAL_KEY : registry);
    }
    if (repository != null) {
      values.put("repository", repository);
      values.put(
          "image",
          reference == null
              ? repository
              : repository + (reference.indexOf(':') >= 0 ? "@" : ":") + reference);
    }
    if (reference != null) {
      values.put("reference", reference);
    }
    ImageReference image = ExplainAddresses.imageReference(registry, repository, reference);
    if (image != null) {
      values.put("registry", image.registry());
      values.put("repository", image.repository());
      values.put("name", image.name());
      values.put("canonical", reference == null ? image.name() : image.canonical());
      String familiar = image.familiar();
      values.put(
          "image",
          reference == null && familiar.endsWith(":latest")
              ? familiar.substring(0, familiar.length() - ":latest".length())
              : familiar);
      values.put("host", image.apiHost());
      values.put("credentialKey", image.credentialKey());
    }
    RegistryAddress address =
        ExplainAddresses.address(
            values.get("registry"),
            values.get("host"),
            draft.url,
            verdict != null && verdict.contextUrl() == null ? draft.host : null);
    if (address != null) {
      address.putInto(values);
    }
    if (entities.platform() != null) {
      values.put("platform", entities.platform());
    }
    ExplainAddresses.putIfPresent(values, "secret", entities.secret());
    ExplainAddresses.putIfPresent(values, "namespace", entities.namespace());
    ExplainAddresses.putIfPresent(values, "pod", entities.pod());
    ExplainAddresses.putIfPresent(values, "helper", draft.helper);
    ExplainAddresses.putIfPresent(values, "serviceAccount", draft.serviceAccount);
    ExplainAddresses.putIfPresent(values, "ecrRegion", RemedyChoice.ecrRegion(entities.registry()));
    return values;
  }
}
