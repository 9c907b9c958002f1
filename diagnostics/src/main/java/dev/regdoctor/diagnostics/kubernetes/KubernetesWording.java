package dev.regdoctor.diagnostics.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.PullSecret;
import dev.regdoctor.diagnostics.internal.Catalogue;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sentences the Kubernetes analysis writes itself (evidence lines, details, the reasons a
 * severity was lowered), from the catalogue's {@code label.k8s…} keys in the catalogue's language.
 * Names, JSON pointers and files are filled in as they are; the messages core's parsers wrote are
 * filled in as {@link Catalogue#coreMessage} words them.
 */
final class KubernetesWording {
  /** Where the manifest reader says an object came from: {@code all.yaml (document 4)}. */
  private static final Pattern DOCUMENT = Pattern.compile("(.+) \\(document ([0-9]+)\\)");

  private final Catalogue catalogue;

  KubernetesWording(Catalogue catalogue) {
    this.catalogue = requireNonNull(catalogue, "catalogue");
  }

  Catalogue catalogue() {
    return catalogue;
  }

  /**
   * Returns the sentence {@code label.NAME} filled from {@code namesAndValues} (name, value, name,
   * value, …). A blank value is filled in as it is (the sentence reads as it always did), a null or
   * missing one as {@code ?}: a sentence is never dropped.
   */
  String say(String name, String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs for label." + name);
    }
    String template = catalogue.label(name);
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        values.put(namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return Catalogue.fillAll(snug(template, values), values, "?");
  }

  /**
   * Returns {@code template} without the space it sets between a value and Chinese text when that
   * side of the value is Chinese too: Chinese text sets a space only next to Latin text ({@code
   * 服务账号 shop/a（不在输入中）没有列出}). English templates have no Chinese text, so nothing changes.
   */
  private static String snug(String template, Map<String, String> values) {
    String snug = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      String text = value.getValue();
      String placeholder = Pattern.quote("{" + value.getKey() + "}");
      String replacement = Matcher.quoteReplacement("{" + value.getKey() + "}");
      if (!text.isEmpty() && chinese(text.codePointBefore(text.length()))) {
        snug = snug.replaceAll(placeholder + " (?=[\\p{IsHan}（：；，。])", replacement);
      }
      if (!text.isEmpty() && chinese(text.codePointAt(0))) {
        snug = snug.replaceAll("(?<=[\\p{IsHan}）：；，。]) " + placeholder, replacement);
      }
    }
    return snug;
  }

  /** Returns whether {@code c} is a Han character or Chinese (full-width) punctuation. */
  private static boolean chinese(int c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN || "（）：；，。".indexOf(c) >= 0;
  }

  /** Returns {@code secret <namespace>/<name>} in this language ({@link PullSecret#label()}). */
  String secret(PullSecret secret) {
    return secret(secret.namespace(), secret.name());
  }

  String secret(String namespace, String name) {
    return say("k8sSecret", "namespace", namespace, "name", name);
  }

  /**
   * Returns a credential source in this language: core's {@code secret <namespace>/<name>} as
   * {@link #secret(String, String)} words it; any other source as it is.
   */
  String credentialSource(String source) {
    int slash = source.indexOf('/');
    if (source.startsWith("secret ") && slash > "secret ".length()) {
      return secret(source.substring("secret ".length(), slash), source.substring(slash + 1));
    }
    return source;
  }

  /** Returns where an object came from ({@code all.yaml (document 4)}) in this language. */
  String source(String source) {
    Matcher document = DOCUMENT.matcher(source);
    return document.matches()
        ? say("k8sDocument", "file", document.group(1), "number", document.group(2))
        : source;
  }
}
