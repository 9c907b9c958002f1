package dev.regdoctor.diagnostics.explain;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.explain.ExplainCorpus.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores the explainer on one corpus fold the way issue 13 defines it: top-1 on unambiguous
 * messages; on ambiguous ones, the label among verdict and alternatives (or the verdict among the
 * labelled alternatives); client detection in two ways: "page context", the collectors' {@code
 * client} label (which may come from the page around the text) equals the explainer's client, with
 * registry products left out because they name a registry, not the program that printed the text;
 * and "from text", the explainer's client is among the entry's {@code clientsFromText} (the clients
 * that could have printed exactly that text), or the explainer says {@code unknown} when that list
 * is empty. Files without {@code clientsFromText} report "n/a" for the second figure.
 *
 * <p>A third client figure, "remediation family", measures what the client changes for the user:
 * the family of steps the explanation was written for ({@link RemedyChoice#family(String,
 * boolean)}: kubelet, podman, containerd, helm or docker, the last also for wrappers and texts that
 * show no client) is the family of one of the entry's {@code clientsFromText}, or the docker
 * family's generic steps when that list is empty. It does not replace "from text": a wrapper
 * answered {@code unknown} instead of {@code other} misses there and is right here, because both
 * get the same steps.
 */
final class CorpusScore {
  /**
   * Client labels that name a registry product or cloud registry rather than a client: the
   * collectors used them when the registry was the notable part of the message.
   */
  static final Set<String> REGISTRY_LABELS =
      Set.of("harbor", "nexus", "artifactory", "ecr", "gcr", "acr", "ghcr", "quay");

  final ExplainCorpus.Fold fold;
  int unambiguous;
  int unambiguousRight;
  int ambiguous;
  int ambiguousRight;
  int unknownVerdicts;
  int clients;
  int clientsRight;
  int registryLabels;
  int textClients;
  int textClientsRight;
  int familyRight;
  final Map<DiagnosisCode, int[]> perCode = new TreeMap<>();

  /**
   * Unambiguous messages by what answered them (a rule, the wording model, UNKNOWN, no error):
   * right answers and messages. Aggregate only, so that a held-out fold can say where its misses
   * come from without anyone reading them.
   */
  final Map<String, int[]> perPath = new TreeMap<>();

  final List<String> misses = new ArrayList<>();
  final List<String> clientMisses = new ArrayList<>();
  final List<String> textClientMisses = new ArrayList<>();

  private CorpusScore(ExplainCorpus.Fold fold) {
    this.fold = fold;
  }

  /** Explains every entry of {@code fold} with {@code explainer} and scores the answers. */
  static CorpusScore of(ExplainCorpus.Fold fold, ErrorExplainer explainer) {
    return of(fold, ExplainCorpus.entries(fold), explainer);
  }

  /** Explains {@code entries}, reported under {@code fold}'s title, and scores the answers. */
  static CorpusScore of(ExplainCorpus.Fold fold, List<Entry> entries, ErrorExplainer explainer) {
    CorpusScore score = new CorpusScore(fold);
    for (Entry entry : entries) {
      score.add(entry, explainer.analyse(entry.message()));
    }
    return score;
  }

  private void add(Entry entry, ErrorExplainer.Analysis analysis) {
    Explanation explanation = analysis.explanation();
    DiagnosisCode verdict = explanation.verdict().code();
    if (verdict == DiagnosisCode.UNKNOWN) {
      unknownVerdicts++;
    }
    List<DiagnosisCode> all = new ArrayList<>();
    all.add(verdict);
    explanation.alternatives().stream().map(Finding::code).forEach(all::add);
    boolean right;
    if (entry.ambiguous()) {
      ambiguous++;
      right = all.contains(entry.code()) || entry.alternatives().contains(verdict);
      ambiguousRight += right ? 1 : 0;
    } else {
      unambiguous++;
      right = verdict == entry.code();
      unambiguousRight += right ? 1 : 0;
      int[] path = perPath.computeIfAbsent(path(analysis), key -> new int[2]);
      path[1]++;
      path[0] += right ? 1 : 0;
    }
    int[] counts = perCode.computeIfAbsent(entry.code(), code -> new int[2]);
    counts[1]++;
    counts[0] += right ? 1 : 0;
    if (!right) {
      misses.add(entry.id() + ": labelled " + entry.code() + ", explained " + all);
    }
    if (REGISTRY_LABELS.contains(entry.client())) {
      registryLabels++;
    } else {
      clients++;
      if (entry.client().equals(explanation.client())) {
        clientsRight++;
      } else {
        clientMisses.add(entry.id() + ": " + entry.client() + " but was " + explanation.client());
      }
    }
    if (entry.clientsFromText() != null) {
      textClients++;
      familyRight += familyFits(entry.clientsFromText(), analysis.family()) ? 1 : 0;
      if (fromText(entry.clientsFromText(), explanation.client())) {
        textClientsRight++;
      } else {
        textClientMisses.add(
            entry.id() + ": " + entry.clientsFromText() + " but was " + explanation.client());
      }
    }
  }

  /** What answered: {@code rule}, {@code wording model}, {@code UNKNOWN} or {@code no error}. */
  static String path(ErrorExplainer.Analysis analysis) {
    if (analysis.ruleId() != null) {
      return "rule";
    }
    DiagnosisCode verdict = analysis.explanation().verdict().code();
    return verdict == DiagnosisCode.UNKNOWN
        ? "UNKNOWN"
        : verdict == DiagnosisCode.OK ? "no error" : "wording model";
  }

  /** Unambiguous messages by what answered them: right of messages. */
  String perPathTable() {
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(Locale.ROOT, "%nUnambiguous messages by what answered, %s%n", fold.title));
    perPath.forEach(
        (path, counts) ->
            table.append(
                String.format(
                    Locale.ROOT,
                    "  %-32s %3d/%-3d %6.1f%%%n",
                    path,
                    counts[0],
                    counts[1],
                    100.0 * counts[0] / counts[1])));
    return table.toString();
  }

  /**
   * Returns whether {@code client} fits the clients that could have printed the text: one of them,
   * or {@code unknown} when the text shows none.
   */
  static boolean fromText(List<String> clientsFromText, String client) {
    return clientsFromText.isEmpty()
        ? client.equals(RuleTable.UNKNOWN_CLIENT)
        : clientsFromText.contains(client);
  }

  /**
   * Returns whether the remediation {@code family} fits the clients that could have printed the
   * text: the family of one of them, or the generic (docker) family when the text shows none.
   */
  static boolean familyFits(List<String> clientsFromText, String family) {
    return clientsFromText.isEmpty()
        ? family.equals("docker")
        : clientsFromText.stream().anyMatch(client -> RemedyChoice.family(client).equals(family));
  }

  /** The share of entries with {@code clientsFromText} whose remediation family fits it. */
  double familyFromText() {
    return textClients == 0 ? Double.NaN : (double) familyRight / textClients;
  }

  double unambiguousTopOne() {
    return ratio(unambiguousRight, unambiguous);
  }

  double ambiguousInSet() {
    return ratio(ambiguousRight, ambiguous);
  }

  double clientDetection() {
    return ratio(clientsRight, clients);
  }

  /** The share of entries with {@code clientsFromText} whose client fits it; NaN without any. */
  double clientFromText() {
    return textClients == 0 ? Double.NaN : (double) textClientsRight / textClients;
  }

  /** One row of the summary table. */
  String row() {
    String fromText =
        textClients == 0
            ? "n/a"
            : String.format(
                Locale.ROOT, "%d/%d %.1f%%", textClientsRight, textClients, 100 * clientFromText());
    String family =
        textClients == 0
            ? "n/a"
            : String.format(
                Locale.ROOT, "%d/%d %.1f%%", familyRight, textClients, 100 * familyFromText());
    return String.format(
        Locale.ROOT,
        "%-28s %4d/%-4d %6.1f%%   %4d/%-4d %6.1f%%   %5d   %4d/%-4d %6.1f%% %-18s   %-18s   %s",
        fold.title,
        unambiguousRight,
        unambiguous,
        100 * unambiguousTopOne(),
        ambiguousRight,
        ambiguous,
        100 * ambiguousInSet(),
        unknownVerdicts,
        clientsRight,
        clients,
        100 * clientDetection(),
        "(+" + registryLabels + " registry)",
        fromText,
        family);
  }

  static String header() {
    return String.format(
        Locale.ROOT,
        "%-28s %-18s   %-18s   %-5s   %-37s   %-18s   %s%n",
        "fold",
        "unambiguous top-1",
        "ambiguous in set",
        "UNKN.",
        "client (page context)",
        "client (from text)",
        "remediation family");
  }

  /** The per-code table: labelled code, messages right of messages. */
  String perCodeTable() {
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "%nPer code, %s%n", fold.title));
    perCode.forEach(
        (code, counts) ->
            table.append(
                String.format(
                    Locale.ROOT,
                    "  %-32s %3d/%-3d %6.1f%%%n",
                    code,
                    counts[0],
                    counts[1],
                    100.0 * counts[0] / counts[1])));
    return table.toString();
  }

  private static double ratio(int right, int total) {
    return total == 0 ? 1.0 : (double) right / total;
  }
}
