package dev.regdoctor.diagnostics.explain;

import java.util.regex.Pattern;

/**
 * Whether a text shows that something worked: a pull, copy, push or login that completed, an HTTP
 * success status, a health check's {@code OK}, a notice that is not a failure. The explainer
 * answers "no error in the text" only for a text that shows this and no error line; a text that
 * shows neither (an access-log line, a bare status dict, a sentence with no error word) is not
 * known to have succeeded, so it is explained like any text no rule matched.
 */
final class SuccessLines {
  /** Success wording of the clients and tools in the corpus, and HTTP 2xx status lines. */
  private static final Pattern SUCCESS =
      Pattern.compile(
          "(?i)\\b(?:pulled|pull complete|successfully|succeeded|download complete"
              + "|downloaded newer image|image is up to date|already present on machine"
              + "|copying (?:blob|config)|writing manifest|storing signatures"
              + "|layer already exists|pushed|digest: sha256:|update complete|deprecation notice)\\b"
              + "|(?m)^[ \\t]*HTTP/[0-9.]{1,3} 2[0-9]{2}\\b|:[ \\t]*OK\\b");

  private SuccessLines() {}

  /** Returns whether {@code text} shows that something worked. */
  static boolean shows(String text) {
    return SUCCESS.matcher(text).find();
  }
}
