package dev.regdoctor.diagnostics.internal;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The sentences core writes in English (where an endpoint was configured, a runtime's notes and
 * refusals, a failure's summary and evidence), recognised by their English form in the catalogue
 * and worded in the catalogue's language, names, hosts, paths and values kept as they are. {@link
 * Catalogue#position}, {@link Catalogue#sentence} and {@link Catalogue#evidence} are the way in.
 */
final class EnglishForms {
  private final Catalogue catalogue;
  private final Locale locale;

  EnglishForms(Catalogue catalogue) {
    this.catalogue = catalogue;
    this.locale = catalogue.locale();
  }

  /**
   * The {@code label.at.*} keys: the forms in which core says where an endpoint was configured
   * ({@code PullSource.configuredAt}), most specific first. A form that holds {@code {at}} holds
   * another position.
   */
  private static final List<String> POSITIONS =
      List.of(
          "at.certificates",
          "at.line",
          "at.loopbackInsecure",
          "at.insecureRange",
          "at.builtInDefaultLoopback",
          "at.builtInDefault",
          "at.imageReference");

  /** The English forms of {@link #POSITIONS}, {@link #SENTENCES} and {@link #EVIDENCE}. */
  private static final FormMatcher FORMS =
      new FormMatcher(
          key -> Catalogue.forLocale(Locale.ROOT).label(key), Map.of(), EnglishForms::valueRegex);

  /**
   * Returns where an endpoint was configured, as core words it ({@code hosts.toml line 3}, {@code
   * the image reference}, {@code built-in default}), in this catalogue's language: {@code
   * hosts.toml 第 3 行}, {@code 镜像引用}, {@code 内置默认值} in Chinese. Paths and files stay as they are; a
   * position in no known form is returned unchanged.
   */
  String position(String at) {
    requireNonNull(at, "at");
    if (locale.equals(Locale.ROOT)) {
      return at;
    }
    FormMatcher.Match match = matchForm(POSITIONS, at);
    if (match == null) {
      return at;
    }
    String filled = Catalogue.fill(catalogue.label(match.key()), match.values());
    return filled == null ? at : filled;
  }

  /**
   * The {@code label.note.*} and {@code label.skip.*} keys: the sentences core writes in English
   * about a runtime's configuration (a pull plan's notes and refusal, {@code PullPlan.notes}) and
   * about an endpoint that could not be probed (a client certificate or CA file that does not
   * load), most specific first: a form that another one also matches comes before it.
   */
  private static final List<String> SENTENCES =
      List.of(
          "note.dockerMirrorsHubOnly",
          "note.dockerMirrorPath",
          "note.noPull",
          "note.noResolve",
          "note.overridePath",
          "note.overridePathRoot",
          "note.clientCertificates",
          "note.headers",
          "note.noHostsDirGiven",
          "note.noHostsDir",
          "note.noHostsToml",
          "note.noHostTable",
          "note.noHosts",
          "note.alias",
          "note.searchMore",
          "note.search",
          "note.mirrorSkippedDigest",
          "note.mirrorSkippedTag",
          "note.rewritten",
          "note.shortNameUnresolvedIn",
          "note.shortNameUnresolved",
          "note.shortNameAmbiguous",
          "note.blocked",
          "skip.caUnreadable",
          "skip.caNone",
          "skip.caNotPem",
          "skip.certNotPem",
          "skip.certNone",
          "skip.keyEncrypted",
          "skip.keyEcNoCurve",
          "skip.keyEcNotDer",
          "skip.keyInvalid",
          "skip.keyNone",
          "skip.certificate",
          "skip.notBase64",
          "skip.tooLarge",
          "skip.unreadable",
          "certs.directoryCa",
          "certs.missingKey",
          "certs.missingCertificate",
          "certs.caMissing",
          "certs.hostsTomlSyntax",
          "certs.cannotRead",
          "certs.cannotList");

  /**
   * Returns a sentence core wrote in English ({@code no /etc/containerd/certs.d/r.example directory
   * (nor _default): containerd uses its built-in default for r.example}) in this catalogue's
   * language, names, paths and configuration values kept as they are and a position ({@code {at}})
   * worded as {@link #position} words it. English, and a sentence in no known form, are returned
   * unchanged. A Chinese sentence may leave out English prose the sentence quotes (a JDK error
   * message); {@link #sentenceLeavesOut} tells when.
   */
  String sentence(String english) {
    requireNonNull(english, "english");
    Translated translated = translate(english);
    return translated == null ? english : translated.text();
  }

  /**
   * Returns whether {@link #sentence} words {@code english} without some of what it says: a value
   * (such as an English error message) its translation does not show. The caller then shows the
   * English sentence as evidence.
   */
  boolean sentenceLeavesOut(String english) {
    requireNonNull(english, "english");
    Translated translated = translate(english);
    return translated != null
        && translated.values().values().stream()
            .anyMatch(value -> !translated.text().contains(value));
  }

  /**
   * The {@code label.evidence.*} keys whose English forms are sentences core writes as a failure's
   * summary or evidence ({@code repository team/app exists but has no tag 1.4; closest tags:
   * 1.4.1}) or the rules write beside them, most specific first: a form that another one also
   * matches comes before it.
   */
  private static final List<String> EVIDENCE =
      List.of(
          "evidence.repositoryMissingAnonymous",
          "evidence.repositoryMissing",
          "evidence.tagMissingClosest",
          "evidence.tagMissingNoTags",
          "evidence.tagMissing",
          "evidence.digestMissing",
          "evidence.manifestMissing",
          "evidence.platformMissingNone",
          "evidence.platformMissing",
          "evidence.indexPlatformsNone",
          "evidence.indexPlatforms",
          "evidence.singlePlatform",
          "evidence.imageConfigVariant",
          "evidence.imageConfig",
          "evidence.dnsTimeout",
          "evidence.dns",
          "evidence.refused",
          "evidence.proxyRejected",
          "evidence.proxyCredentials",
          "evidence.noRoute",
          "evidence.connectTimeout",
          "evidence.tlsTimeout",
          "evidence.responseTimeout",
          "evidence.reset",
          "evidence.untrustedIssuer",
          "evidence.untrusted",
          "evidence.hostnameMismatchNames",
          "evidence.hostnameMismatch",
          "evidence.expiredValidity",
          "evidence.expired",
          "evidence.plainHttp",
          "evidence.httpsRequired",
          "evidence.httpAnswerToHttps",
          "evidence.silent",
          "evidence.redirectLoop",
          "evidence.pingRateLimitedRetry",
          "evidence.pingRateLimited",
          "evidence.pingFailing",
          "evidence.pingForbidden",
          "evidence.pingHtml",
          "evidence.ping401",
          "evidence.ping404",
          "evidence.pingOther",
          "evidence.sharedPingTimeout",
          "evidence.sharedPingWait",
          "evidence.authRequiredFound",
          "evidence.authRequiredSent",
          "evidence.notAllowed",
          "evidence.deniedCredentials",
          "evidence.deniedAnonymous",
          "evidence.rejected",
          "evidence.rateLimitedRetry",
          "evidence.rateLimited",
          "evidence.manifestFailing",
          "evidence.manifestStatus",
          "evidence.tokenGrantsNothing",
          "evidence.tokenGrants",
          "evidence.tokenRequiresCredentials",
          "evidence.tokenDenied",
          "evidence.tokenRejected",
          "evidence.tokenRateLimited",
          "evidence.tokenStatus",
          "evidence.noRealm",
          "evidence.configuredAt",
          "evidence.ignoredPassword",
          "evidence.ignoredPlainHttp",
          "evidence.ignoredDockerConfigNoFile",
          "evidence.ignoredDockerConfigMissing",
          "evidence.ignoredNoSecret");

  /** A failure kind and what follows it, as a mirror's or an anonymous attempt's detail reads. */
  private static final Pattern KIND_PREFIXED =
      Pattern.compile("([A-Z][A-Z_]+): (.+)", Pattern.DOTALL);

  /**
   * Returns an evidence line in this catalogue's language: a sentence core writes in English
   * ({@link #EVIDENCE}), also after a failure kind ({@code CONNECTION_REFUSED: connection to
   * 127.0.0.1:5000 refused: nothing listens there}), with names, hosts and values kept as they are
   * and a credential source worded as the summaries word it. Protocol lines ({@code GET … -> 401}),
   * headers, registry error bodies, English, and lines in no known form are returned unchanged.
   */
  String evidence(String line) {
    requireNonNull(line, "line");
    if (locale.equals(Locale.ROOT)) {
      return line;
    }
    FormMatcher.Match match = matchForm(EVIDENCE, line);
    if (match == null) {
      Matcher prefixed = KIND_PREFIXED.matcher(line);
      if (prefixed.matches()) {
        String rest = evidence(prefixed.group(2));
        return rest.equals(prefixed.group(2)) ? line : prefixed.group(1) + ": " + rest;
      }
      return line;
    }
    Map<String, String> values = catalogue.localized(match.values());
    String filled = Catalogue.fill(catalogue.label(match.key()), values);
    return filled == null ? line : filled;
  }

  /** A sentence in this catalogue's language and the values it was filled with. */
  private record Translated(String text, Map<String, String> values) {}

  /** Returns {@code english} in this catalogue's language, or null when it stays as it is. */
  private @Nullable Translated translate(String english) {
    if (locale.equals(Locale.ROOT)) {
      return null;
    }
    FormMatcher.Match match = matchForm(SENTENCES, english);
    if (match == null) {
      return null;
    }
    String filled = Catalogue.fill(catalogue.label(match.key()), match.values());
    return filled == null ? null : new Translated(filled, match.values());
  }

  /**
   * Returns the first of the English forms {@code keys} that {@code english} has, with its values
   * (a position among them worded by {@link #position}); or null.
   */
  private FormMatcher.@Nullable Match matchForm(List<String> keys, String english) {
    FormMatcher.Match match = FORMS.match(keys, english);
    if (match == null || !match.values().containsKey("at")) {
      return match;
    }
    Map<String, String> values = new HashMap<>(match.values());
    values.put("at", position(values.get("at")));
    return new FormMatcher.Match(match.key(), values);
  }

  /**
   * Returns the regex of {@code template}'s English text, each placeholder a group ({@code
   * capturing}) or not, of what its value can be ({@link #valueRegex}).
   */
  private static String englishRegex(String template, boolean capturing) {
    return Catalogue.templateRegex(template, capturing, EnglishForms::valueRegex);
  }

  /**
   * Placeholders whose values core writes without spaces: names, references, hosts and URLs. Any
   * text there ran on into a path that holds {@code " ("} (review item, session 12).
   */
  private static final Set<String> WORDS =
      Set.of(
          "image",
          "mirror",
          "name",
          "prefix",
          "ref",
          "registry",
          "target",
          "url",
          "host",
          "repository",
          "tag",
          "digest",
          "platform",
          "os",
          "architecture",
          "variant",
          "actual",
          "method",
          "urlPath",
          "origin",
          "actions",
          "entry",
          "key",
          "certificate",
          "exception");

  /**
   * Returns the regex of a placeholder's value: {@code \S+} for {@link #WORDS}, digits for a line,
   * a position core writes for {@code at} ({@link PositionRegex}), else any text (paths, lists,
   * settings and English details may hold spaces and parentheses). No quantifier nests in another.
   */
  private static String valueRegex(String placeholder) {
    if (WORDS.contains(placeholder)) {
      return "\\S+";
    }
    return switch (placeholder) {
      case "line", "millis", "seconds", "status" -> "[0-9]+";
      case "at" -> PositionRegex.VALUE;
      default -> ".+";
    };
  }

  /**
   * The positions core writes in a sentence or within {@code at.certificates} ({@link #POSITIONS}'
   * other English forms, such as {@code /etc/containers/registries.conf line 5}) as one regex
   * without groups. Core also names a file alone (a v1 registries.conf's {@code
   * [registries.search]} has no line), so a path is the last choice; it adds certificates only to
   * where an endpoint was configured, once.
   */
  private static final class PositionRegex {
    static final String VALUE = alternatives();

    private static String alternatives() {
      Catalogue english = Catalogue.forLocale(Locale.ROOT);
      StringBuilder regex = new StringBuilder("(?:");
      for (String key : POSITIONS) {
        if (!key.equals("at.certificates")) {
          regex.append(englishRegex(english.label(key), false)).append('|');
        }
      }
      return regex.append(".+)").toString();
    }

    private PositionRegex() {}
  }
}
