package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.FormMatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The command line's own messages on standard error — picocli's usage errors, the tool's ({@link
 * Cli.UsageError}), a {@code serve} configuration's problems, kubectl's failures as {@code k8s
 * --cluster} words them, {@code explain}'s notes — in the language of the run.
 *
 * <p>Each is written in English where it arises, and English is printed unchanged. In Chinese it is
 * recognised by its English form ({@code errors.properties}) and worded by the same key in {@code
 * errors_zh_CN.properties}: option names, files, lines, keys, values and what another program said
 * are kept as they are. A part that is a library's message (an invalid reference, a docker
 * configuration's or a registry entry's problem: {@code {library}}) is worded by {@link
 * Catalogue#coreMessage}, and a message that is one as a whole too. A message in no known form, or
 * with a part in none, stays English whole rather than half translated.
 */
final class ErrorText {
  private ErrorText() {}

  /** Whole messages, most specific first: a form another one also matches comes before it. */
  static final List<String> LINES =
      List.of(
          // picocli
          "unknownOption",
          "unknownOptions",
          "unmatchedArgument",
          "unmatchedArguments",
          "unknownSubcommand",
          "missingParameter",
          "missingParameters",
          "missingOption",
          "missingOptions",
          "missingOptionParameter",
          "expectedParameter",
          "onlyOnceLabel",
          "onlyOnce",
          "invalidOptionValue",
          "invalidPositional",
          // Cli
          "didYouMeanOption",
          "didYouMeanCommand",
          "tryHelp",
          "unexpectedDebug",
          "unexpected",
          "outOfMemory",
          "stackOverflow",
          // the commands' own
          "lang",
          "cannotReadFileClass",
          "cannotReadFile",
          "noSuchFile",
          "notDirectory",
          "passwordNeedsUser",
          "userNeedsPassword",
          "passwordEmpty",
          "passwordUnreadable",
          "batchNoText",
          "explainNeedsText",
          "explainStdinEmpty",
          "explainTextEmpty",
          "cannotReadStdin",
          "cannotReadBatch",
          "k8sNeedsInput",
          "allNeedsCluster",
          "namespaceOrAll",
          "stdinOnce",
          "k8sStdinEmpty",
          "k8sFileEmpty",
          "sampleSize",
          "layers",
          "notASize",
          "listenCannot",
          "listenForm",
          "listenPort",
          "listenAddress",
          "textTooLong",
          "stdinTooLong",
          "probeNoImage",
          "probeInvalidImage",
          "probeUserInfo",
          "probeOptionsOnly",
          "k8sHostsDirOffline",
          "k8sDockerOption",
          // kubectl (k8s --cluster)
          "kubectl.notOnPath",
          "kubectl.cannotRun",
          "kubectl.timeout",
          "kubectl.tooMuch",
          "kubectl.cannotTalk",
          "kubectl.interrupted",
          "kubectl.noContext",
          "kubectl.unauthorizedContext",
          "kubectl.unauthorized",
          "kubectl.forbiddenContext",
          "kubectl.forbidden",
          "kubectl.unreachableContext",
          "kubectl.unreachable",
          "kubectl.failed",
          // a serve configuration's problem, at a line and key
          "config.atKey",
          "config.atLine",
          "config.file",
          "config.atKeyLibrary",
          "config.atLineLibrary",
          // a library's message after the option it came from
          "optionLibrary",
          "optionSpaceLibrary");

  /** Why a value did not convert (picocli's and the tool's converters). */
  static final List<String> CONVERSIONS =
      List.of(
          "conversion.int",
          "conversion.long",
          "conversion.boolean",
          "conversion.duration",
          "conversion.positive",
          "conversion.size",
          "conversion.enum");

  /** What a {@code serve} configuration's value must be ({@code {expected}}). */
  static final List<String> EXPECTED =
      List.of("expected.lang", "expected.platform", "expected.size", "expected.duration");

  /** What is wrong in a {@code serve} configuration ({@code ProbeConfig}, {@code YamlTree}). */
  static final List<String> REASONS =
      List.of(
          "reason.empty",
          "reason.oneDocument",
          "reason.notYaml",
          "reason.cannotReadFile",
          "reason.cannotRead",
          "reason.nested",
          "reason.duplicateKey",
          "reason.unsupported",
          "reason.tooLarge",
          "reason.dockerConfigMissing",
          "reason.caUnreadable",
          "reason.hostsDirNotDirectory",
          "reason.targetsList",
          "reason.needsImage",
          "reason.badImage",
          "reason.twice",
          "reason.namespace",
          "reason.source",
          "reason.nothing",
          "reason.map",
          "reason.unknownKey",
          "reason.single",
          "reason.notEmpty",
          "reason.list",
          "reason.sampleRange",
          "reason.mustBe",
          "reason.whole",
          "reason.range",
          "reason.bool");

  /** The placeholders that hold another message of this class, and the forms it can take. */
  private static final Map<String, List<String>> NESTED =
      Map.of("conversion", CONVERSIONS, "expected", EXPECTED, "reason", REASONS);

  /** The forms, their nested messages and what their other values can be. */
  private static final FormMatcher FORMS =
      new FormMatcher(ErrorText::english, NESTED, ErrorText::valueRegex);

  /** Every form, for the tests that hold the bundles to each other. */
  static final List<String> ALL = concat(LINES, CONVERSIONS, EXPECTED, REASONS);

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)\\}");

  /** Longer text is none of these messages; what another program said is shortened before. */
  private static final int MAX_LENGTH = 4096;

  /** The English forms and the Chinese ones, by key. */
  private static final class Bundles {
    static final Properties ENGLISH = load("errors.properties");
    static final Properties CHINESE = load("errors_zh_CN.properties");

    private static Properties load(String name) {
      Properties properties = new Properties();
      try (InputStream in = ErrorText.class.getResourceAsStream(name);
          Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return properties;
    }
  }

  /**
   * Returns the language of a run of {@code args}: its {@code --lang}, else the JVM's ({@link
   * CommonOptions#defaultLocale}), as the commands choose it. A {@code --lang} value no command
   * takes counts as none (the run says so itself), and so does one after {@code --}.
   */
  static Locale locale(String... args) {
    String lang = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals("--lang") && i + 1 < args.length) {
        lang = args[++i];
      } else if (arg.startsWith("--lang=")) {
        lang = arg.substring("--lang=".length());
      }
    }
    return ofLang(lang);
  }

  /** Returns the language {@code --lang lang} chooses; null or a bad value: the JVM's. */
  static Locale ofLang(@Nullable String lang) {
    if (lang != null) {
      try {
        return Terminal.locale(lang);
      } catch (Cli.UsageError e) {
        // said by the run itself, in the JVM's language
      }
    }
    return CommonOptions.defaultLocale();
  }

  /**
   * Returns {@code english}, one message the command line wrote, in {@code locale}'s language;
   * English, and a message in no known form, are returned unchanged.
   */
  static String say(String english, Locale locale) {
    if (!locale.getLanguage().equals("zh") || english.length() > MAX_LENGTH) {
      return english;
    }
    String worded = word(LINES, english, locale);
    return worded != null ? worded : Catalogue.forLocale(locale).coreMessage(english);
  }

  /**
   * Returns {@code line}, a {@code regdoctor: …} line, with its message in {@code locale}'s
   * language ({@link #say}).
   */
  static String sayLine(String line, Locale locale) {
    String prefix = "regdoctor: ";
    return line.startsWith(prefix)
        ? prefix + say(line.substring(prefix.length()), locale)
        : say(line, locale);
  }

  private static @Nullable String word(List<String> keys, String english, Locale locale) {
    Catalogue catalogue = Catalogue.forLocale(locale);
    return FORMS.word(
        keys,
        english,
        Bundles.CHINESE::getProperty,
        (name, value) -> value(name, value, catalogue));
  }

  /**
   * Returns the value of a placeholder that holds no nested message in Chinese: a library's message
   * worded by {@code catalogue} (null when it is in no known form), the names the user may type
   * next quoted, the rest as it is.
   */
  private static @Nullable String value(String placeholder, String value, Catalogue catalogue) {
    return switch (placeholder) {
      case "library" -> {
        String library = catalogue.coreMessage(value);
        yield library.equals(value) ? null : library;
      }
      // names the user may type next: quoted as the word they typed is
      case "suggestions" -> "'" + String.join("' 或 '", value.split(" or ")) + "'";
      default -> value;
    };
  }

  /** Returns the names of {@code template}'s placeholders, in order. */
  static List<String> placeholders(String template) {
    List<String> names = new ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(template);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private static String english(String key) {
    String form = Bundles.ENGLISH.getProperty(key);
    if (form == null) {
      throw new IllegalStateException("no English form " + key);
    }
    return form;
  }

  /**
   * Returns the regex of a placeholder's value that holds no nested message: digits for numbers, an
   * option's name for an option, else any text.
   */
  private static String valueRegex(String placeholder) {
    return switch (placeholder) {
      case "index", "line", "size", "min", "max", "count", "total", "chars", "seconds", "mib" ->
          "-?[0-9]+";
      case "option" -> "--?[A-Za-z][\\w-]*";
      case "pointer" -> "/.*?";
      case "exception" -> "\\w+";
      default -> ".+";
    };
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }
}
