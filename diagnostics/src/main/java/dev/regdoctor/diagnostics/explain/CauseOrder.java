package dev.regdoctor.diagnostics.explain;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which of the rules that matched a text decides: the innermost cause in the error chain over the
 * phase or the outer words around it. {@link ErrorExplainer} asks it after the rules matched, in
 * file order.
 */
final class CauseOrder {
  /** Codes that name the phase a failure happened in rather than its cause. */
  static final Set<DiagnosisCode> PHASES =
      Set.of(
          DiagnosisCode.BLOB_FAILURE,
          DiagnosisCode.TOKEN_SERVICE_FAILED,
          DiagnosisCode.MIRROR_FAILURE);

  /** Causes that are the registry's answer (an HTTP status) rather than a transport failure. */
  private static final Set<DiagnosisCode> ANSWERS =
      Set.of(
          DiagnosisCode.REGISTRY_UNAVAILABLE,
          DiagnosisCode.RATE_LIMITED,
          DiagnosisCode.AUTH_INVALID,
          DiagnosisCode.ACCESS_DENIED);

  /** Codes of causes that decide over a phase named further out in the chain. */
  private static final Set<DiagnosisCode> CAUSES =
      Set.of(
          DiagnosisCode.DNS_FAILURE,
          DiagnosisCode.CONNECTION_REFUSED,
          DiagnosisCode.NETWORK_UNREACHABLE,
          DiagnosisCode.CONNECT_TIMEOUT,
          DiagnosisCode.TLS_HANDSHAKE_TIMEOUT,
          DiagnosisCode.RESPONSE_TIMEOUT,
          DiagnosisCode.CONNECTION_RESET,
          DiagnosisCode.PROXY_FAILURE,
          DiagnosisCode.TLS_UNTRUSTED,
          DiagnosisCode.TLS_HOSTNAME_MISMATCH,
          DiagnosisCode.TLS_EXPIRED,
          DiagnosisCode.PLAIN_HTTP_REGISTRY,
          DiagnosisCode.HTTPS_REQUIRED,
          DiagnosisCode.REGISTRY_UNAVAILABLE,
          DiagnosisCode.RATE_LIMITED,
          DiagnosisCode.AUTH_INVALID,
          DiagnosisCode.ACCESS_DENIED);

  /**
   * Codes a rule gives from the outer words of a chain (an auth answer, a denial, a status, a page
   * that is no registry, a missing name): a transport or TLS cause further in on the same line
   * decides over them, as it does over a phase.
   */
  static final Set<DiagnosisCode> OUTER =
      Set.of(
          DiagnosisCode.AUTH_REQUIRED,
          DiagnosisCode.ACCESS_DENIED,
          DiagnosisCode.NOT_FOUND_OR_DENIED,
          DiagnosisCode.NOT_A_REGISTRY,
          DiagnosisCode.REGISTRY_UNAVAILABLE,
          DiagnosisCode.REPOSITORY_NOT_FOUND,
          DiagnosisCode.MANIFEST_NOT_FOUND);

  /**
   * Rules whose words are the consequence of an earlier failure, or a step on the way to the
   * outcome, rather than a cause: Docker's {@code No such image} after a pull that failed (a
   * devcontainer or test harness pulls, the pull fails, and the create that follows finds no
   * image); containerd's {@code trying next host} after a mirror's 404 (the next host's answer is
   * the outcome); a secret missing for a volume mount (it stops the pod, not necessarily the pull).
   * Any cause or outer answer elsewhere in the text decides over them.
   */
  private static final Set<String> CONSEQUENCES =
      Set.of("local-no-such-image", "next-host-after-404", "k8s-volume-secret-not-found");

  private CauseOrder() {}

  /**
   * Puts the innermost cause first. When the first hit names a phase (a blob, the token service, a
   * mirror) and a cause (transport, TLS, DNS, an HTTP status) matched deeper in the same error
   * chain, on the same line and after it, the cause decides and the phase becomes an alternative.
   * When the first hit gives outer words (an auth answer, a denial, a status, a page, a missing
   * name), a transport or TLS cause further in on its line decides over them (an auth challenge
   * whose errors list a refused connection, a 403 body read while the connection timed out), and a
   * registry status decides over a page that is no registry (an nginx 502 page is the 502).
   */
  static List<RuleTable.Hit> innermostFirst(ErrorText text, List<RuleTable.Hit> hits) {
    if (hits.size() < 2) {
      return hits;
    }
    RuleTable.Hit first = hits.get(0);
    if (CONSEQUENCES.contains(first.rule().id())) {
      for (RuleTable.Hit hit : hits.subList(1, hits.size())) {
        if (CAUSES.contains(hit.code()) || OUTER.contains(hit.code())) {
          return promoted(hits, hit);
        }
      }
      return hits;
    }
    boolean phase = PHASES.contains(first.code());
    if (!phase && !OUTER.contains(first.code())) {
      return hits;
    }
    int line = text.lineOf(first.start());
    for (RuleTable.Hit hit : hits.subList(1, hits.size())) {
      boolean onLine = text.lineOf(hit.start()) == line;
      boolean decides =
          phase
              ? !PHASES.contains(hit.code())
                  && CAUSES.contains(hit.code())
                  && (hit.start() >= first.end()
                      // A status the phase's own match ends with (".../blobs/…: 503") is its cause.
                      || hit.start() > first.start() && ANSWERS.contains(hit.code()))
                  && onLine
              : CAUSES.contains(hit.code())
                      && !ANSWERS.contains(hit.code())
                      && hit.start() > first.start()
                      && onLine
                  || first.code() == DiagnosisCode.NOT_A_REGISTRY
                      && (hit.code() == DiagnosisCode.REGISTRY_UNAVAILABLE
                          || hit.code() == DiagnosisCode.RATE_LIMITED);
      if (decides) {
        return promoted(hits, hit);
      }
    }
    return hits;
  }

  private static List<RuleTable.Hit> promoted(List<RuleTable.Hit> hits, RuleTable.Hit hit) {
    List<RuleTable.Hit> reordered = new ArrayList<>(hits);
    reordered.remove(hit);
    reordered.add(0, hit);
    return reordered;
  }

  /** Returns whether the lines of {@code a} and {@code b} overlap. */
  static boolean sharesLines(ErrorText text, RuleTable.Hit a, RuleTable.Hit b) {
    return b.firstLine(text) <= a.lastLine(text) && a.firstLine(text) <= b.lastLine(text);
  }
}
