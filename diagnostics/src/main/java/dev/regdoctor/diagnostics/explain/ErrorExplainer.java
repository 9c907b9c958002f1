package dev.regdoctor.diagnostics.explain;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
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
import java.util.MissingResourceException;
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

  private final Catalogue catalogue;
  private final RuleTable rules;

  /** The wording model asked when no rule matched; null: the shipped one, read on first use. */
  private final @Nullable WordingModel wording;

  private ErrorExplainer(Catalogue catalogue, RuleTable rules, @Nullable WordingModel wording) {
    this.catalogue = catalogue;
    this.rules = rules;
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
    return analyse(text).explanation();
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
   * for ({@link #family(String, boolean)}), for tests and rule authors.
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
    String family = family(client, rules.shows(cleaned, "pod-relayed"));
    Families families =
        new Families(family, certificateFamily(client, family, cleaned), runtimeFamily(client));

    EntityDraft draft = new EntityDraft();
    if (verdict != null) {
      draft.accept(verdict.groups(), verdict.rule().lenient(), false);
      int first = cleaned.lineOf(verdict.regionStart());
      int last = cleaned.lineOf(Math.max(verdict.start(), verdict.end() - 1));
      int from = cleaned.lineStart(first);
      int to = cleaned.lineEnd(cleaned.lineStart(last));
      rules.extract(cleaned, from, to, draft);
      // Names far from the failure in a long log are more likely about something else.
      int around = cleaned.lineStart(first - LINES_BEFORE);
      int aroundEnd = cleaned.lineEnd(cleaned.lineStart(last + LINES_AFTER));
      if (around < from || aroundEnd > to) {
        rules.extract(cleaned, around, aroundEnd, draft);
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
      Explanation inferred = inferred(input, client, cleaned, draft, entities, family);
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
    if (verdict.contextUrl() != null) {
      // The cause happened at the token service or blob storage: the steps test that host.
      values = ExplainAddresses.atUrl(values, verdict.contextUrl());
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(excerpt);
    if (verdict.context() != null) {
      addNote(evidence, verdict.context().note());
    }
    for (String note : verdict.rule().notes()) {
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
    if (verdict.context() != null && verdict.context().replaces().contains(code)) {
      // The phase's service answered the failure itself (a token service's server error).
      code = verdict.context().code();
    }
    Finding finding =
        code == verdict.code()
            ? finding(code, variant(client, verdict, cleaned, entities), values, evidence, families)
            : finding(code, values, evidence, families);

    Map<DiagnosisCode, List<String>> others = new LinkedHashMap<>();
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
      if (hit.code() != DiagnosisCode.UNKNOWN
          && (!CauseOrder.sharesLines(cleaned, verdict, hit)
              || CauseOrder.PHASES.contains(hit.code())
              // the outer words a deeper cause was moved ahead of
              || CauseOrder.OUTER.contains(hit.code()) && hit.start() < verdict.start())) {
        others.putIfAbsent(
            hit.code(),
            List.of(cleaned.excerpt(hit.regionStart(), hit.end(), hit.start(), hit.end())));
      }
    }
    if (rules.shows(cleaned, "mirror")) {
      // A mirror or pull-through proxy on the way may be what failed.
      others.putIfAbsent(DiagnosisCode.MIRROR_FAILURE, List.of(excerpt));
    }
    others.remove(code);
    List<Finding> alternatives = new ArrayList<>();
    for (Map.Entry<DiagnosisCode, List<String>> other : others.entrySet()) {
      if (alternatives.size() == MAX_ALTERNATIVES) {
        break;
      }
      alternatives.add(finding(other.getKey(), values, other.getValue(), families));
    }
    Explanation explanation = new Explanation(input, client, finding, alternatives, entities);
    return new Analysis(
        explanation,
        verdict.rule().id(),
        verdict.context() == null ? null : verdict.context().id(),
        family);
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
                ? catalogue.summary(DiagnosisCode.UNKNOWN, values)
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
      String family) {
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
    values.put("cause", cause.isEmpty() ? lines.get(0) : cause);
    List<String> evidence = new ArrayList<>(lines);
    if (!cause.isEmpty() && !lines.contains(cause)) {
      evidence.add(catalogue.label("explain.note.innermost") + ": " + cause);
    }
    evidence.add(catalogue.label("explain.note.wording"));
    Families families =
        new Families(family, certificateFamily(client, family, cleaned), runtimeFamily(client));
    Finding code = finding(guess.code(), values, evidence, families);
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
      alternatives.add(finding(other, values, evidence, families));
    }
    return new Explanation(input, client, verdict, alternatives, entities);
  }

  /**
   * Returns the family of clients whose remediation fits {@code client}: {@code kubelet}, {@code
   * podman} (also buildah, skopeo, CRI-O), {@code containerd} (also ctr, nerdctl, crictl), {@code
   * helm}, or {@code docker} for the rest.
   */
  static String family(String client) {
    return switch (client) {
      case "kubelet" -> "kubelet";
      case "podman", "buildah", "skopeo", "cri-o" -> "podman";
      case "containerd", "nerdctl", "crictl" -> "containerd";
      case "helm" -> "helm";
      default -> "docker";
    };
  }

  /**
   * Returns the remediation family for {@code client}. A wrapper or a text that shows no client
   * ({@code other}, {@code unknown}) that relays a pod's words ({@code kubectl logs}' {@code
   * container "web" in pod "web-0" is waiting to start}, a CI executor printing the pod's {@code
   * ErrImagePull}) gets the kubelet's steps: the pull happened on a node, {@code docker login}
   * would not help.
   */
  static String family(String client, boolean podRelayed) {
    if (podRelayed && (client.equals("other") || client.equals("unknown"))) {
      return "kubelet";
    }
    return family(client);
  }

  /**
   * Returns the family whose certificate steps fit the program that checked the certificate, or
   * null when that is {@code family}'s: Jib and other Java programs trust the JVM's store ({@code
   * jvm}); the kubelet's runtime reads its own trust directories, named by the runtime's wording in
   * the event (containerd's {@code failed to pull and unpack image} → {@code containerd},
   * containers/image's {@code pinging container registry} → {@code podman}, for CRI-O).
   */
  private @Nullable String certificateFamily(String client, String family, ErrorText cleaned) {
    if (client.equals("jib") || family.equals("docker") && rules.shows(cleaned, "jvm-tls")) {
      return "jvm";
    }
    if (!family.equals("kubelet")) {
      return null;
    }
    if (rules.shows(cleaned, "containerd-runtime")) {
      return "containerd";
    }
    return rules.shows(cleaned, "cri-o-runtime") ? "podman" : null;
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

  /**
   * The remediation family of the text's client, and the one whose steps fit a certificate the
   * text's client does not check itself (null: the same).
   */
  private record Families(
      String general, @Nullable String certificate, @Nullable String localRuntime) {
    String of(DiagnosisCode code) {
      if (code == DiagnosisCode.LOCAL_ENVIRONMENT && localRuntime != null) {
        return localRuntime;
      }
      return code == DiagnosisCode.TLS_UNTRUSTED && certificate != null ? certificate : general;
    }
  }

  /** The region of an ECR registry host ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}), or null. */
  static @Nullable String ecrRegion(@Nullable String registry) {
    if (registry == null) {
      return null;
    }
    String host = registry.toLowerCase(Locale.ROOT);
    int ecr = host.indexOf(".dkr.ecr.");
    int region = ecr + ".dkr.ecr.".length();
    int end = host.indexOf('.', region);
    String domain = end < 0 ? "" : host.substring(end);
    if (ecr <= 0
        || end <= region
        || !domain.equals(".amazonaws.com") && !domain.equals(".amazonaws.com.cn")) {
      return null;
    }
    return host.substring(region, end);
  }

  /**
   * The family whose steps fit a failure on the machine itself when that is not the client's
   * family: CRI-O shares podman's words and storage, but runs as a node service that podman's
   * commands do not look at.
   */
  private static @Nullable String runtimeFamily(String client) {
    return client.equals("cri-o") ? "cri-o" : null;
  }

  /**
   * Kubernetes steps name the pod, namespace and secret; when the text does not, the commands show
   * where to put them.
   */
  private static Map<String, String> kubernetesPlaceholders(Map<String, String> values) {
    Map<String, String> filled = new HashMap<>(values);
    filled.putIfAbsent("pod", "<pod>");
    filled.putIfAbsent("namespace", "<namespace>");
    filled.putIfAbsent("secret", "<secret>");
    // A pod that names no service account runs as the namespace's "default" one.
    filled.putIfAbsent("serviceAccount", "default");
    return filled;
  }

  /**
   * Builds a finding through the catalogue, with the steps for the client's family when the
   * catalogue has them; the summary falls back to a form without missing names.
   */
  private Finding finding(
      DiagnosisCode code, Map<String, String> values, List<String> evidence, Families families) {
    return finding(code, null, values, evidence, families);
  }

  private Finding finding(
      DiagnosisCode code,
      @Nullable String variant,
      Map<String, String> values,
      List<String> evidence,
      Families families) {
    if (families.general().equals("kubelet")) {
      // The kubelet pulled with the pod's pull secret, not with a login of this machine.
      values = new HashMap<>(values);
      values.put("source", catalogue.label("explain.source.kubelet"));
    }
    return new Finding(
        code,
        code.severity(),
        summary(code, variant, values),
        evidence,
        steps(code, variant, values, families.of(code)),
        code.guide().orElse(null));
  }

  /**
   * The steps for {@code code}: a variant the text's words chose (a login lockout, a back-off
   * without its cause) over the client family's steps, those over the code's own; the family's form
   * of the variant first ({@code explain.client.FAMILY.CODE.VARIANT}).
   */
  private List<Remedy> steps(
      DiagnosisCode code, @Nullable String variant, Map<String, String> values, String family) {
    String clientSteps = "explain.client." + family + "." + code.name();
    Map<String, String> filled = family.equals("kubelet") ? kubernetesPlaceholders(values) : values;
    if (variant != null && !variant.equals("kubelet")) {
      if (catalogue.hasSteps(clientSteps + "." + variant)) {
        return catalogue.remedies(clientSteps + "." + variant, filled);
      }
      if (catalogue.hasSteps(code.name() + "." + variant)) {
        return catalogue.remedies(code, variant, values);
      }
    }
    return catalogue.hasSteps(clientSteps)
        ? catalogue.remedies(clientSteps, filled)
        : catalogue.remedies(code, variant, values);
  }

  /**
   * The catalogue variant that fits what the text says: a kubelet's pull used a pod's pull secrets,
   * so its fixes are about secrets, not {@code docker login}; a back-off alone points at the
   * earlier event that holds the cause.
   */
  private @Nullable String variant(
      String client, RuleTable.Hit verdict, ErrorText cleaned, Explanation.Entities entities) {
    if (verdict.rule().notes().contains("backoff-no-cause")) {
      return "backoff";
    }
    if (verdict.rule().notes().contains("login-lockout")) {
      // Locked out after failed logins: another login attempt prolongs it, so no "log in" step.
      return "lockout";
    }
    if (verdict.rule().notes().contains("cloud-identity")) {
      // A cloud SDK's own credential chain failed: the steps are about that identity, not a
      // docker credential helper.
      return "cloud-identity";
    }
    if (verdict.rule().notes().contains("never-pull")) {
      // The kubelet was told not to pull: the fix is on the node or in the pod spec.
      return "never-pull";
    }
    if (verdict.rule().notes().contains("pull-qps")) {
      // The kubelet's own pull budget, not the registry's.
      return "pull-qps";
    }
    if (verdict.code() == DiagnosisCode.AUTH_INVALID && ecrRegion(entities.registry()) != null) {
      // An ECR password is a 12-hour token from the AWS CLI, not a password to type again.
      return "ecr";
    }
    if (verdict.rule().notes().contains("login-usage")) {
      // The login command stopped before it asked any registry: the fix is how it is called.
      return "usage";
    }
    if (verdict.rule().notes().contains("command-line")) {
      // A flag without its value is no configuration file to repair.
      return "flags";
    }
    if (verdict.code() == DiagnosisCode.ACCESS_DENIED && rules.shows(cleaned, "push")) {
      // A refused push needs write permission; on Docker Hub, library/NAME is an official image
      // that needs a repository of one's own instead.
      boolean official =
          entities.registry() != null
              && ImageMention.isDockerHub(entities.registry())
              && entities.repository() != null
              && entities.repository().startsWith("library/");
      return official ? "push-hub" : "push";
    }
    return client.equals("kubelet") ? "kubelet" : null;
  }

  private String summary(DiagnosisCode code, @Nullable String variant, Map<String, String> values) {
    if (variant != null) {
      // The variant's own summary, else its form for pasted text (which quotes the text instead of
      // naming the registry), before the code's.
      for (String key :
          List.of(
              code.name() + "." + variant + ".summary",
              "explain." + code.name() + "." + variant + ".summary")) {
        try {
          String filled = Catalogue.fill(catalogue.template(key), values);
          if (filled != null) {
            return filled;
          }
        } catch (MissingResourceException e) {
          // no summary of this form for the variant
        }
      }
    }
    String filled = Catalogue.fill(catalogue.template(code.name() + ".summary"), values);
    if (filled != null) {
      return filled;
    }
    try {
      filled = Catalogue.fill(catalogue.template("explain." + code.name() + ".summary"), values);
    } catch (MissingResourceException e) {
      filled = null;
    }
    return filled != null ? filled : catalogue.summary(code, values);
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
    ExplainAddresses.putIfPresent(values, "ecrRegion", ecrRegion(entities.registry()));
    return values;
  }
}
