package dev.regdoctor.diagnostics.internal;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The messages core's parsers write in English, recognised by their English form in the catalogue
 * ({@code label.core.*}) and worded in the catalogue's language: an invalid reference and its
 * reason ({@code InvalidReferenceException}), a pull secret's problems ({@code KubernetesSecrets})
 * or a docker configuration file's, a near miss of the kubelet's or docker's key lookup. The input,
 * pointers, keys, names and values are kept as they are.
 *
 * <p>A form's placeholder may hold another message: {@code {fault}} one of the reasons ({@code
 * label.core.reference.*}), {@code {problem}} one of a secret's problems, and so on ({@link
 * #NESTED}). Its pattern then admits only those, so a line is worded whole or not at all: a line
 * with a part in no known form stays English rather than half translated.
 */
final class CoreMessages {
  private final Catalogue catalogue;

  CoreMessages(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** Whole lines, then the reasons and problems that also stand alone as a finding's detail. */
  static final List<String> LINES =
      List.of(
          "core.line.invalidReference",
          "core.line.invalidReferenceAnywhere",
          "core.line.nearMiss",
          "core.line.missHelper",
          "core.line.missAlso",
          "core.line.missEmpty",
          "core.line.miss",
          "core.line.configIgnoredAt",
          "core.line.configIgnored",
          "core.line.configProblem",
          "core.line.helperFailed",
          "core.line.configAtLine",
          "core.line.configFile",
          "core.line.secretProblem",
          "core.line.daemonIgnored",
          "core.line.platform",
          "core.line.platformParts",
          "core.line.runtime",
          "core.line.resolve",
          "core.line.resolvePort",
          "core.line.resolveHost",
          "core.line.resolvePortRange",
          "core.line.resolveAddress",
          "core.line.concurrency",
          "core.line.platformSetting",
          "core.line.concurrencySetting",
          "core.line.resolveSetting");

  /** The reasons {@code ImageReference} and its grammar give, most specific first. */
  static final List<String> REASONS =
      List.of(
          "core.reference.empty",
          "core.reference.leadingSpace",
          "core.reference.trailingSpace",
          "core.reference.userInfo",
          "core.reference.imageId",
          "core.reference.noRepositoryAfterRegistry",
          "core.reference.noTagOrDigest",
          "core.reference.notARegistry",
          "core.reference.nameTooLongHub",
          "core.reference.nameTooLong",
          "core.reference.registryEmpty",
          "core.reference.afterHost",
          "core.reference.labelStartsDash",
          "core.reference.hostEmpty",
          "core.reference.hostEndsDot",
          "core.reference.emptyLabel",
          "core.reference.labelEndsDash",
          "core.reference.ipv6Zone",
          "core.reference.ipv6Unclosed",
          "core.reference.ipv6Empty",
          "core.reference.ipv6Malformed",
          "core.reference.portMissing",
          "core.reference.portRange",
          "core.reference.repositoryEmpty",
          "core.reference.repositoryEndsSlash",
          "core.reference.repositoryDoubleSlash",
          "core.reference.repositoryStartsSlash",
          "core.reference.componentEnd",
          "core.reference.lowercase",
          "core.reference.componentStart",
          "core.reference.underscores",
          "core.reference.separatorAfter",
          "core.reference.tagMissing",
          "core.reference.tagStart",
          "core.reference.tagTooLong",
          "core.reference.digestMissing",
          "core.reference.encodedMissing",
          "core.reference.hexLowercase",
          "core.reference.hex",
          "core.reference.hexLength",
          "core.reference.encodedShort",
          "core.reference.algorithmMissing",
          "core.reference.algorithmEnd",
          "core.reference.algorithmSeparator",
          "core.reference.algorithmLowercase",
          "core.reference.noColon",
          "core.reference.whitespace",
          "core.reference.control",
          "core.reference.characterUnicode",
          "core.reference.character");

  /** Where a character is not allowed ({@code ReferenceGrammar.notAllowed}). */
  static final List<String> WHERE =
      List.of(
          "core.where.hostName",
          "core.where.ipv6",
          "core.where.port",
          "core.where.repository",
          "core.where.tag",
          "core.where.digest",
          "core.where.algorithm");

  /** What {@code KubernetesSecrets} finds wrong in a Secret, after the JSON pointer. */
  static final List<String> PROBLEMS =
      List.of(
          "core.secret.missing",
          "core.secret.expectedMap",
          "core.secret.expectedString",
          "core.secret.notBase64",
          "core.secret.wrongType",
          "core.secret.notPullSecret",
          "core.secret.keyMissing",
          "core.secret.keyEmpty",
          "core.secret.failsEveryPull",
          "core.secret.keyUnparsable",
          "core.secret.tokenOnly",
          "core.secret.noCredentials",
          "core.secret.emptyUser",
          "core.secret.emptyPassword");

  /**
   * Why a pull secret's document or a docker configuration file does not decode (core's {@code
   * ConfigException} reasons and the docker configuration's own problems).
   */
  static final List<String> CONFIG =
      List.of(
          "core.config.jsonEnd",
          "core.config.jsonAt",
          "core.config.json",
          "core.config.expectedString",
          "core.config.expectedObject",
          "core.config.expectedArray",
          "core.config.authEmptyUser",
          "core.config.authNotBase64",
          "core.config.authNoColon",
          "core.config.oneObject",
          "core.config.onlyAuths",
          "core.config.onlyAuth",
          "core.config.missingAuth",
          "core.config.bom",
          "core.config.legacy",
          "core.config.locationInvalid",
          "core.config.jsonAtUnclosedObject",
          "core.config.jsonAtUnclosedArray",
          "core.config.jsonAtOnly",
          "core.config.jsonClass",
          "core.config.yamlAt",
          "core.config.yamlAtOnly",
          "core.config.yamlClass",
          "core.config.tab",
          "core.config.template",
          "core.config.fileMissing");

  /**
   * Why a registry entry ({@code --insecure-registry}, {@code --plain-http}, a {@code daemon.json}
   * or configuration list entry) is refused ({@code InvalidSettingException.reason}).
   */
  static final List<String> SETTING = List.of("core.setting.invalid", "core.setting.blank");

  /** The forms an entry may take, as the refusal names them ({@code {forms}}). */
  static final List<String> FORMS = List.of("core.forms.insecure", "core.forms.plainHttp");

  /**
   * What is wrong with a refused entry ({@code {settingProblem}}): the entry's own problems, then
   * the reasons a registry host is refused ({@link #REASONS}).
   */
  static final List<String> SETTING_PROBLEMS =
      List.of(
          "core.settingProblem.path",
          "core.settingProblem.notCidr",
          "core.settingProblem.notIpv6",
          "core.settingProblem.cidr",
          "core.settingProblem.ipv6Port",
          "core.settingProblem.port",
          "core.settingProblem.userInfo",
          "core.settingProblem.scheme");

  /** The fixed phrases core classifies a JSON syntax error into ({@code JsonTrees}). */
  static final List<String> SYNTAX =
      List.of(
          "core.syntax.limits",
          "core.syntax.malformed",
          "core.syntax.end",
          "core.syntax.character",
          "core.syntax.anyCharacter",
          "core.syntax.token",
          "core.syntax.bracket",
          "core.syntax.control",
          "core.syntax.escape",
          "core.syntax.trailing",
          "core.syntax.number",
          "core.syntax.encoding");

  /** JSON type names ({@code JsonInput.typeName}). */
  static final List<String> FOUND =
      List.of(
          "core.found.object",
          "core.found.array",
          "core.found.string",
          "core.found.number",
          "core.found.boolean",
          "core.found.null",
          "core.found.other");

  /** Why a key looks as if it should match but does not (kubelet and docker key lookups). */
  static final List<String> WHY =
      List.of(
          "core.why.kubeletUnparsable",
          "core.why.hubLookalike",
          "core.why.kubeletCase",
          "core.why.dockerCase",
          "core.why.dockerPortFromNone",
          "core.why.dockerPortToNone",
          "core.why.dockerPort",
          "core.why.portFromNone",
          "core.why.portToNone",
          "core.why.port",
          "core.why.path",
          "core.why.wildcard",
          "core.why.parentKubelet",
          "core.why.parentDocker",
          "core.why.subdomainDocker",
          "core.why.subdomainKubelet",
          "core.why.typoOne",
          "core.why.typo",
          "core.why.hubKey",
          "core.why.exactKey");

  /**
   * Why a credential helper gave no credentials ({@code CredentialHelper.get}), most specific
   * first. What the helper printed on stdout ({@code helper says: …}) stays as it is; its stderr is
   * never shown.
   */
  static final List<String> HELPER =
      List.of(
          "core.helper.invalidName",
          "core.helper.notFound",
          "core.helper.deadlinePassed",
          "core.helper.cannotStart",
          "core.helper.interrupted",
          "core.helper.timeoutShare",
          "core.helper.timeout",
          "core.helper.exitedSaysStderr",
          "core.helper.exitedSays",
          "core.helper.exitedStderr",
          "core.helper.exited",
          "core.helper.tooLarge",
          "core.helper.invalidJsonAt",
          "core.helper.invalidJson",
          "core.helper.noOutput",
          "core.helper.notObject",
          "core.helper.nonString",
          "core.helper.emptySecret",
          "core.helper.emptyUser",
          "core.helper.resolverThrew",
          "core.helper.resolverNull");

  /** How a helper's withheld stderr is described. */
  static final List<String> STDERR = List.of("core.stderr.mentions", "core.stderr.plain");

  /**
   * The phrases a helper's withheld stderr is said to mention, one of them or several joined by
   * {@code ", "} ({@code {mentions}}).
   */
  static final List<String> MENTIONS =
      List.of(
          "core.mention.gpg",
          "core.mention.decryption",
          "core.mention.keychain",
          "core.mention.dbus",
          "core.mention.secretService",
          "core.mention.pass",
          "core.mention.permission",
          "core.mention.file",
          "core.mention.command",
          "core.mention.timeout",
          "core.mention.refused",
          "core.mention.aws",
          "core.mention.expired",
          "core.mention.accessDenied",
          "core.mention.region");

  /** What a message can be on its own: a whole line, or a reason or problem given as detail. */
  private static final List<String> STANDALONE =
      concat(LINES, REASONS, PROBLEMS, CONFIG, WHY, HELPER, SETTING);

  /** The placeholders that hold another message, and the forms it can take. */
  private static final Map<String, List<String>> NESTED =
      Map.ofEntries(
          Map.entry("fault", REASONS),
          Map.entry("where", WHERE),
          Map.entry("problem", PROBLEMS),
          Map.entry("config", CONFIG),
          Map.entry("syntax", SYNTAX),
          Map.entry("found", FOUND),
          Map.entry("why", WHY),
          Map.entry("helperFailure", HELPER),
          Map.entry("setting", SETTING),
          Map.entry("forms", FORMS),
          Map.entry("settingProblem", concat(SETTING_PROBLEMS, REASONS)),
          Map.entry("stderr", STDERR),
          Map.entry(
              "resolveProblem",
              List.of(
                  "core.line.resolve",
                  "core.line.resolvePort",
                  "core.line.resolveHost",
                  "core.line.resolvePortRange",
                  "core.line.resolveAddress")),
          Map.entry(
              "miss",
              List.of(
                  "core.line.missHelper",
                  "core.line.missAlso",
                  "core.line.missEmpty",
                  "core.line.miss")));

  /** Every form above, by group: for the tests that hold them to what core writes. */
  static final List<String> ALL =
      concat(STANDALONE, WHERE, SYNTAX, FOUND, STDERR, MENTIONS, FORMS, SETTING_PROBLEMS);

  /**
   * Longer text is none of core's messages (an invalid reference quotes at most 1024 characters of
   * its input), and is not matched against the forms: a registry's error body can be long.
   */
  private static final int MAX_LENGTH = 4096;

  /** The forms above, their nested messages and what their other values can be. */
  private static final FormMatcher FORMS_MATCHER =
      new FormMatcher(CoreMessages::englishTemplate, NESTED, CoreMessages::valueRegex);

  /**
   * Returns {@code english}, a message core wrote, in this catalogue's language; English, and a
   * message in no known form, are returned unchanged.
   */
  String translate(String english) {
    requireNonNull(english, "english");
    if (catalogue.locale().equals(Locale.ROOT) || english.length() > MAX_LENGTH) {
      return english;
    }
    String translated = FORMS_MATCHER.word(STANDALONE, english, catalogue::label, this::value);
    return translated == null ? english : translated;
  }

  /** Returns whether {@code english} is a message in one of core's known forms. */
  static boolean isKnown(String english) {
    return formOf(STANDALONE, english) != null;
  }

  /** Returns the key of the first of {@code keys} whose English form {@code english} has. */
  static @Nullable String formOf(List<String> keys, String english) {
    return FORMS_MATCHER.formOf(keys, english);
  }

  /**
   * Returns the value of a placeholder that holds no nested message in this catalogue's language:
   * the phrases a helper's stderr mentions and a credential's label worded, the rest as it is.
   */
  private @Nullable String value(String placeholder, String value) {
    return switch (placeholder) {
      case "mentions" -> mentions(value);
      case "label" ->
          catalogue.locale().equals(Catalogue.ZH_CN) ? CredentialWording.chinese(value) : value;
      default -> value;
    };
  }

  /**
   * Returns the phrases a helper's stderr mentions ({@code a timeout, the keychain}) in this
   * catalogue's language, joined as it joins a list; or null when one is in no known form.
   */
  private @Nullable String mentions(String english) {
    List<String> worded = new java.util.ArrayList<>();
    for (String phrase : english.split(", ")) {
      String key = formOf(MENTIONS, phrase);
      if (key == null) {
        return null;
      }
      worded.add(catalogue.label(key));
    }
    return String.join(catalogue.locale().equals(Catalogue.ZH_CN) ? "、" : ", ", worded);
  }

  private static String englishTemplate(String key) {
    return Catalogue.forLocale(Locale.ROOT).label(key);
  }

  /**
   * Returns the regex of a placeholder's value that holds no nested message: the escaped text
   * between quotes for the input (the exception escapes {@code "} and {@code \}), digits for
   * numbers, a word for names, else any text.
   */
  private static String valueRegex(String placeholder) {
    return switch (placeholder) {
      case "input" -> "(?:[^\"\\\\]|\\\\.)*";
      case "index",
          "length",
          "expected",
          "line",
          "column",
          "openLine",
          "openColumn",
          "labels",
          "targetLabels",
          "distance" ->
          "[0-9]+";
      case "key", "used" -> "[^\"]*";
      case "pointer" -> "/.*?";
      case "algorithm", "host", "secretType", "nodeType", "port", "imagePort", "unicode" -> "\\S+";
      case "executable", "exception", "server", "location" -> "\\S+";
      case "status" -> "-?[0-9]+";
      case "bytes" -> "[0-9]+";
      case "helperSource" -> "(?:cred(?:sStore|Helper)|CredentialResolver) \\S+";
      default -> ".+";
    };
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }
}
