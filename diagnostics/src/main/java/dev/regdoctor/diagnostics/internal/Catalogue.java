package dev.regdoctor.diagnostics.internal;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The remediation catalogue: summaries and steps per code, in English ({@code
 * remediation.properties}) or Simplified Chinese ({@code remediation_zh_CN.properties}), with
 * {@code {placeholders}} filled from the probe. A step whose placeholders are not all known is left
 * out rather than printed with a gap.
 */
public final class Catalogue {
  public static final Locale ZH_CN = Locale.SIMPLIFIED_CHINESE;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)\\}");
  private static final int MAX_STEPS = 9;
  private static final Map<Locale, Catalogue> CACHE = new ConcurrentHashMap<>();

  private final ResourceBundle bundle;
  private final Locale locale;
  private final EnglishForms forms;
  private final CoreMessages coreMessages;

  /**
   * The steps under each prefix that has some, read from the bundle on first use (the bundle never
   * changes): an explanation asks for a few step lists, and building their keys and asking the
   * bundle about each cost more than filling them.
   */
  private final Map<String, List<Step>> stepsByPrefix = new ConcurrentHashMap<>();

  private Catalogue(ResourceBundle bundle, Locale locale) {
    this.bundle = bundle;
    this.locale = locale;
    this.forms = new EnglishForms(this);
    this.coreMessages = new CoreMessages(this);
  }

  /** Returns the catalogue for {@code locale}: Chinese for any {@code zh} locale, else English. */
  public static Catalogue forLocale(Locale locale) {
    requireNonNull(locale, "locale");
    Locale chosen = locale.getLanguage().equals("zh") ? ZH_CN : Locale.ROOT;
    return CACHE.computeIfAbsent(
        chosen,
        key ->
            new Catalogue(
                ResourceBundle.getBundle(
                    "dev.regdoctor.diagnostics.internal.remediation",
                    key,
                    ResourceBundle.Control.getNoFallbackControl(
                        ResourceBundle.Control.FORMAT_PROPERTIES)),
                key));
  }

  public Locale locale() {
    return locale;
  }

  /** Returns a label such as {@code label.evidence}. */
  public String label(String name) {
    return bundle.getString("label." + name);
  }

  /** Returns the filled summary template; unknown placeholders become {@code ?}. */
  public String summary(DiagnosisCode code, Map<String, String> values) {
    return summary(code, null, values);
  }

  /**
   * Returns the filled summary of {@code code}, in its {@code variant} form ({@code
   * CODE.variant.summary}) when the catalogue has one; unknown placeholders become {@code ?}.
   */
  public String summary(DiagnosisCode code, @Nullable String variant, Map<String, String> values) {
    String template = bundle.getString(summaryKey(code, variant));
    String filled = fill(template, values);
    return filled == null
        ? PLACEHOLDER
            .matcher(template)
            .replaceAll(
                match -> {
                  String value = values.get(match.group(1));
                  return Matcher.quoteReplacement(value == null ? "?" : value);
                })
        : filled;
  }

  /** Returns the steps whose placeholders can all be filled. */
  public List<Remedy> remedies(DiagnosisCode code, Map<String, String> values) {
    return remedies(code, null, values);
  }

  /**
   * Returns the steps of {@code code} in its {@code variant} form ({@code CODE.variant.N}) when the
   * catalogue has one, else the plain steps ({@code CODE.N}). Variants fit the advice to where the
   * credentials came from ({@code explicit}, {@code dockerConfig}, {@code kubernetes}) or to what
   * the text says.
   */
  public List<Remedy> remedies(
      DiagnosisCode code, @Nullable String variant, Map<String, String> values) {
    String prefix = code.name();
    if (variant != null && hasSteps(prefix + "." + variant)) {
      prefix = prefix + "." + variant;
    }
    return steps(prefix, values);
  }

  /** Returns whether the bundle has {@code key}. */
  public boolean has(String key) {
    return bundle.containsKey(key);
  }

  /**
   * Returns the steps {@code prefix.1}, {@code prefix.2}, … whose placeholders can all be filled
   * (the explainer keeps steps for particular clients under their own prefixes).
   */
  public List<Remedy> remedies(String prefix, Map<String, String> values) {
    return steps(prefix, values);
  }

  /** Returns whether the catalogue has steps under {@code prefix} ({@code prefix.1}). */
  public boolean hasSteps(String prefix) {
    return !stepsUnder(prefix).isEmpty();
  }

  /**
   * Returns the steps {@code prefix.1}, {@code prefix.2}, … whose placeholders can all be filled. A
   * step that cannot be filled uses its {@code prefix.N.fallback} text (and {@code
   * .fallback.command}) when there is one: general advice beats none, for example installing a CA
   * certificate when the text names no host.
   */
  public List<Remedy> steps(String prefix, Map<String, String> values) {
    List<Remedy> remedies = new ArrayList<>();
    for (Step step : stepsUnder(prefix)) {
      Remedy remedy = step(step.own(), values);
      if (remedy == null && step.fallback() != null) {
        remedy = step(step.fallback(), values);
      }
      if (remedy != null) {
        remedies.add(remedy);
      }
    }
    return remedies;
  }

  /**
   * The templates of one step as the bundle holds them: {@code prefix.N} and {@code
   * prefix.N.command}, and its {@code prefix.N.fallback} pair when there is one.
   */
  private record Step(Template own, @Nullable Template fallback) {}

  /** A step's text template and its command template ({@code null} when the step has none). */
  private record Template(String text, @Nullable String command) {}

  private List<Step> stepsUnder(String prefix) {
    List<Step> steps = stepsByPrefix.get(prefix);
    if (steps != null) {
      return steps;
    }
    if (!bundle.containsKey(prefix + ".1")) {
      // Not kept: only the prefixes the bundle names are, so the map stays as small as the bundle.
      return List.of();
    }
    List<Step> read = new ArrayList<>();
    for (int i = 1; i <= MAX_STEPS; i++) {
      String key = prefix + "." + i;
      if (!bundle.containsKey(key)) {
        break;
      }
      String fallback = key + ".fallback";
      read.add(
          new Step(
              readTemplate(key), bundle.containsKey(fallback) ? readTemplate(fallback) : null));
    }
    steps = List.copyOf(read);
    stepsByPrefix.putIfAbsent(prefix, steps);
    return steps;
  }

  private Template readTemplate(String key) {
    String command = key + ".command";
    return new Template(
        bundle.getString(key), bundle.containsKey(command) ? bundle.getString(command) : null);
  }

  private @Nullable Remedy step(Template template, Map<String, String> values) {
    String text = fill(template.text(), values);
    if (text == null) {
      return null;
    }
    String command = null;
    if (template.command() != null) {
      command = fill(template.command(), values);
      if (command == null) {
        return null;
      }
    }
    String configDir = values.get("configDir");
    String configFile = values.get("configFile");
    if (configFile != null) {
      text = text.replace(DEFAULT_DOCKER_CONFIG, configFile);
      if (command != null) {
        // Without a directory docker would read (a file not named config.json), only the path in
        // the command can point at the file; its docker invocations keep the default directory.
        command =
            configDir != null
                ? withDockerConfig(command, configDir, configFile)
                : command.replace(DEFAULT_DOCKER_CONFIG, shellWord(configFile));
      }
    }
    return new Remedy(text, command);
  }

  /** Where the docker CLI keeps its configuration unless told otherwise, as the steps write it. */
  static final String DEFAULT_DOCKER_CONFIG = "~/.docker/config.json";

  /**
   * A docker CLI invocation in a command: at its start or after a pipe, a list operator or sudo.
   */
  private static final Pattern DOCKER_CLI =
      Pattern.compile("(^|[|&;(]\\s*|\\bsudo\\s+)docker (?!--config )");

  /**
   * Returns {@code command} for the docker configuration the user named ({@code --docker-config
   * DIR}): every docker CLI invocation gets {@code --config DIR}, and {@code ~/.docker/config.json}
   * becomes that file. {@code docker login} without it would write {@code ~/.docker/config.json},
   * and a check would read it, while the diagnosis was about the other file (review item, session
   * 14). Commands already written with {@code --config} are left as they are.
   */
  static String withDockerConfig(String command, String configDir, String configFile) {
    String dir = Matcher.quoteReplacement(shellWord(configDir));
    return DOCKER_CLI
        .matcher(command.replace(DEFAULT_DOCKER_CONFIG, shellWord(configFile)))
        .replaceAll("$1docker --config " + dir + " ");
  }

  /** Returns {@code word} quoted for a POSIX shell when it holds more than path characters. */
  static String shellWord(String word) {
    return word.matches("[A-Za-z0-9_./:@%+=,~-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  /** Builds a finding with the code's default severity and guide section. */
  public Finding finding(DiagnosisCode code, Map<String, String> values, List<String> evidence) {
    return finding(code, code.severity(), values, evidence);
  }

  public Finding finding(
      DiagnosisCode code, Severity severity, Map<String, String> values, List<String> evidence) {
    return finding(code, severity, null, values, evidence);
  }

  /** Builds a finding from the {@code variant} form of the code's summary and steps. */
  public Finding finding(
      DiagnosisCode code,
      Severity severity,
      @Nullable String variant,
      Map<String, String> values,
      List<String> evidence) {
    Map<String, String> localized = localized(values);
    return new Finding(
        code,
        severity,
        summary(code, variant, localized),
        withDetail(code, variant, values, evidence),
        remedies(code, variant, localized),
        code.guide().orElse(null));
  }

  /**
   * Placeholders whose values are English prose from the probe or the caller (a failure's summary,
   * a parse error's reason, a challenge), not names. A Chinese sentence does not quote them: they
   * stay in the evidence (a challenge: in the auth step), the raw facts, English in every language.
   */
  static final Set<String> ENGLISH_DETAILS = Set.of("detail", "reason", "authDetail");

  /**
   * Returns {@code values} with the credential source and a configuration position in this
   * catalogue's language: {@code explicit credentials (user alice)} reads {@code 显式提供的凭据（用户 alice）}
   * and {@code hosts.toml line 3} reads {@code hosts.toml 第 3 行} in Chinese.
   */
  Map<String, String> localized(Map<String, String> values) {
    String source = values.get("source");
    String at = values.get("at");
    if (!locale.equals(ZH_CN) || (source == null && at == null)) {
      return values;
    }
    Map<String, String> copy = new HashMap<>(values);
    if (source != null) {
      copy.put("source", CredentialWording.chinese(source));
    }
    if (at != null) {
      copy.put("at", position(at));
    }
    return copy;
  }

  /**
   * Returns where an endpoint was configured, as core words it ({@code hosts.toml line 3}, {@code
   * the image reference}, {@code built-in default}), in this catalogue's language; a position in no
   * known form is returned unchanged.
   */
  public String position(String at) {
    return forms.position(at);
  }

  /**
   * Returns a sentence core wrote in English (a runtime's note or refusal, a skipped endpoint) in
   * this catalogue's language, names, paths and values kept; English, and a sentence in no known
   * form, are returned unchanged.
   */
  public String sentence(String english) {
    return forms.sentence(english);
  }

  /**
   * Returns whether {@link #sentence} words {@code english} without some of what it says (an
   * English error message it quotes); the caller then shows the English sentence as evidence.
   */
  public boolean sentenceLeavesOut(String english) {
    return forms.sentenceLeavesOut(english);
  }

  /**
   * Returns an evidence line in this catalogue's language: a sentence core writes in English, also
   * after a failure kind ({@code CONNECTION_REFUSED: …}), or a message of core's parsers ({@link
   * #coreMessage}); protocol lines, headers, registry error bodies, English, and lines in no known
   * form are returned unchanged.
   */
  public String evidence(String line) {
    String worded = forms.evidence(line);
    return worded.equals(line) ? coreMessages.translate(line) : worded;
  }

  /**
   * Returns a message core's parsers write in English in this catalogue's language: an invalid
   * reference ({@code invalid reference "Foo/Bar:1": repository name must be lowercase (at index
   * 4)}) or its reason alone, a pull secret's problem ({@code /data/.dockerconfigjson: not valid
   * base64 (…)}) or the problem alone, a near miss of a key lookup. The input, pointers, keys and
   * names stay as they are; English, and a message in no known form, are returned unchanged.
   */
  public String coreMessage(String english) {
    return coreMessages.translate(english);
  }

  /**
   * Returns {@code finding} with its evidence in this catalogue's language ({@link #evidence});
   * protocol lines stay as they are.
   */
  Finding withLocalEvidence(Finding finding) {
    List<String> evidence = finding.evidence().stream().map(this::evidence).toList();
    return evidence.equals(finding.evidence())
        ? finding
        : new Finding(
            finding.code(),
            finding.severity(),
            finding.summary(),
            evidence,
            finding.remediation(),
            finding.guide());
  }

  /**
   * Returns the {@code label.evidence.}{@code name} line filled with {@code values} in this
   * catalogue's language; a value that is missing or blank is left empty, as the English line
   * always showed it.
   */
  public String evidenceLine(String name, Map<String, String> values) {
    String template = label("evidence." + name);
    String filled = fill(template, localized(values));
    return filled != null ? filled : fillAll(template, values, "");
  }

  /**
   * Returns {@code evidence} led by the English detail when this catalogue's summary leaves out
   * what the English one says ({@link #leavesDetailToEvidence}) and no evidence line says it yet.
   */
  private List<String> withDetail(
      DiagnosisCode code,
      @Nullable String variant,
      Map<String, String> values,
      List<String> evidence) {
    String detail = values.get("detail");
    if (detail == null || detail.isBlank() || !leavesDetailToEvidence(code, variant)) {
      return evidence;
    }
    String key = ReportText.normalized(detail);
    if (evidence.stream().anyMatch(line -> ReportText.normalized(line).contains(key))) {
      return evidence;
    }
    List<String> led = new ArrayList<>(evidence.size() + 1);
    led.add(detail);
    led.addAll(evidence);
    return led;
  }

  /**
   * Codes whose summaries say what failed without quoting the probe's detail, in every language:
   * the detail is a whole sentence that names the host and the failure again ({@code 127.0.0.1:5000
   * answered 503 to /v2/: the registry is failing}), or a client's raw error text, so quoting it
   * made the summary say everything twice (review item, session 14). It is shown as evidence.
   */
  private static final Set<DiagnosisCode> DETAIL_IN_EVIDENCE =
      Set.of(
          DiagnosisCode.PROXY_FAILURE,
          DiagnosisCode.NOT_A_REGISTRY,
          DiagnosisCode.REGISTRY_UNAVAILABLE,
          DiagnosisCode.RATE_LIMITED,
          DiagnosisCode.TOKEN_SERVICE_FAILED);

  /**
   * Codes whose detail is made of figures that every catalogue's summary words itself ({@code
   * {seconds}}, {@code {size}}, {@code {layers}} …): the English detail adds nothing as evidence.
   */
  private static final Set<DiagnosisCode> DETAIL_IN_PARTS =
      Set.of(DiagnosisCode.SLOW_PULL, DiagnosisCode.LARGE_IMAGE);

  /**
   * Returns whether the summary of {@code code} ({@code variant}) leaves the probe's detail to the
   * evidence: a code of {@link #DETAIL_IN_EVIDENCE}, or one whose English summary quotes the detail
   * and this catalogue's does not. The detail is then shown as evidence instead.
   */
  boolean leavesDetailToEvidence(DiagnosisCode code, @Nullable String variant) {
    if (DETAIL_IN_PARTS.contains(code)) {
      return false;
    }
    String key = summaryKey(code, variant);
    if (DETAIL_IN_EVIDENCE.contains(code) && !template(key).contains("{detail}")) {
      return true;
    }
    if (locale.equals(Locale.ROOT)) {
      return false;
    }
    Catalogue english = forLocale(Locale.ROOT);
    String theirs =
        english.bundle.containsKey(key)
            ? english.template(key)
            : english.template(code.name() + ".summary");
    return theirs.contains("{detail}") && !template(key).contains("{detail}");
  }

  private String summaryKey(DiagnosisCode code, @Nullable String variant) {
    String key = code.name() + ".summary";
    if (variant != null && bundle.containsKey(code.name() + "." + variant + ".summary")) {
      key = code.name() + "." + variant + ".summary";
    }
    return key;
  }

  /** Returns whether the bundle has a summary and at least one step for {@code code}. */
  public boolean covers(DiagnosisCode code) {
    try {
      return !bundle.getString(code.name() + ".summary").isBlank()
          && bundle.containsKey(code.name() + ".1");
    } catch (MissingResourceException e) {
      return false;
    }
  }

  /** Returns the raw template for tests. */
  public String template(String key) {
    return bundle.getString(key);
  }

  /** Fills every placeholder, or returns {@code null} when one is unknown or blank. */
  public static String fill(String template, Map<String, String> values) {
    // Templates are parsed once into literal text and placeholder names (even: text, odd: name).
    String[] parts = PARSED.computeIfAbsent(template, Catalogue::parse);
    StringBuilder out = new StringBuilder(template.length() + 64);
    for (int i = 0; i < parts.length; i++) {
      if (i % 2 == 0) {
        out.append(parts[i]);
        continue;
      }
      String value = values.get(parts[i]);
      if (value == null || value.isBlank()) {
        return null;
      }
      out.append(value);
    }
    return out.toString();
  }

  /**
   * Fills every placeholder of {@code template}: a blank value as it is, a missing (or null) one
   * with {@code missing}. For sentences that must never be dropped, unlike {@link #fill}'s steps.
   */
  public static String fillAll(String template, Map<String, String> values, String missing) {
    String[] parts = parts(template);
    StringBuilder out = new StringBuilder(template.length() + 64);
    for (int i = 0; i < parts.length; i++) {
      String value = i % 2 == 0 ? parts[i] : values.get(parts[i]);
      out.append(value == null ? missing : value);
    }
    return out.toString();
  }

  private static final Map<String, String[]> PARSED = new ConcurrentHashMap<>();

  /**
   * Returns a regex matching {@code template}'s text, each placeholder a group ({@code capturing})
   * or not, of what {@code valueRegex} says its value can be: how the English forms of core's
   * sentences ({@link EnglishForms}, {@link CoreMessages}) are recognised.
   */
  static String templateRegex(
      String template, boolean capturing, java.util.function.UnaryOperator<String> valueRegex) {
    String[] parts = parts(template);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i % 2 == 1) {
        regex.append(capturing ? "(" : "(?:").append(valueRegex.apply(parts[i])).append(')');
      } else if (!parts[i].isEmpty()) {
        regex.append(Pattern.quote(parts[i]));
      }
    }
    return regex.toString();
  }

  /** Returns {@code template} parsed once into literal text and placeholder names, alternating. */
  static String[] parts(String template) {
    return PARSED.computeIfAbsent(template, Catalogue::parse);
  }

  private static String[] parse(String template) {
    List<String> parts = new ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(template);
    int last = 0;
    while (matcher.find()) {
      parts.add(template.substring(last, matcher.start()));
      parts.add(matcher.group(1));
      last = matcher.end();
    }
    parts.add(template.substring(last));
    return parts.toArray(new String[0]);
  }

  /** Returns whether {@code text} still holds a placeholder. */
  public static boolean hasPlaceholder(String text) {
    return PLACEHOLDER.matcher(text).find();
  }

  /** Returns the locale's canonical tag as reports print it: {@code en} or {@code zh-CN}. */
  public String languageTag() {
    return locale.equals(ZH_CN) ? "zh-CN" : "en";
  }
}
