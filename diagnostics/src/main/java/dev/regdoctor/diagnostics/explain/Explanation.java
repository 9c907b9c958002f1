package dev.regdoctor.diagnostics.explain;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.ReportJson;
import dev.regdoctor.diagnostics.internal.ReportText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * What a pasted error message means: the client that printed it, the most likely diagnosis (the
 * verdict), other plausible ones, and the registry, image and Kubernetes names found in it. Made by
 * {@link ErrorExplainer}.
 *
 * <p>{@link #toString()} is a short human explanation (at most 17 lines); {@link #toJson()} is the
 * {@code regdoctor.explanation/v1} object of {@code docs/json-contract.md}. Neither holds a secret:
 * the explainer redacts passwords, tokens, {@code Authorization} values and URL query values before
 * it keeps any text. Immutable and thread-safe.
 *
 * @param input the text that was explained, with secrets redacted and ANSI escapes removed; of text
 *     longer than {@link ErrorExplainer#MAX_WHOLE_CHARS}, the part examined (its earlier error
 *     lines, a line {@code [regdoctor: N earlier lines left out here]}, its last lines)
 * @param client the client that most likely printed it: {@code docker}, {@code buildkit}, {@code
 *     kubelet}, {@code containerd}, {@code crictl}, {@code nerdctl}, {@code cri-o}, {@code podman},
 *     {@code buildah}, {@code skopeo}, {@code crane}, {@code regctl}, {@code oras}, {@code jib},
 *     {@code helm}, {@code java}, {@code curl}; {@code other} for a recognised wrapper tool that
 *     prints a client's text under its own prefix (GitLab Runner, kind, Tekton, Flux …); or {@code
 *     unknown} when the text shows no client (the remediation then uses Docker's commands)
 * @param verdict the most likely diagnosis; code {@code UNKNOWN} when nothing matched (the error
 *     lines are then its evidence)
 * @param alternatives other plausible diagnoses, most likely first; the verdict's evidence says how
 *     to tell them apart
 * @param entities the names found in the text
 */
public record Explanation(
    String input, String client, Finding verdict, List<Finding> alternatives, Entities entities) {

  /** The schema name written into {@link #toJson()}. */
  public static final String SCHEMA = "regdoctor.explanation/v1";

  private static final int MAX_EVIDENCE = 3;
  private static final int MAX_LINE = 200;

  /** Validates and copies. */
  public Explanation {
    requireNonNull(input, "input");
    requireNonNull(client, "client");
    requireNonNull(verdict, "verdict");
    alternatives = List.copyOf(alternatives);
    requireNonNull(entities, "entities");
  }

  /**
   * The names an error message mentions, as the client would resolve them: a Docker Hub short name
   * such as {@code nginx} gives registry {@code docker.io} and repository {@code library/nginx}
   * (except for Podman and CRI-O, which search several registries). Each is {@code null} when the
   * text does not say.
   *
   * @param registry the registry host as written, e.g. {@code registry-1.docker.io} or {@code
   *     localhost:5000}
   * @param repository the repository path, e.g. {@code library/nginx}; kept as written, uppercase
   *     and all, when the failure is that the reference is invalid ({@code Acme/WebApp})
   * @param reference the tag or digest, e.g. {@code 1.27} or {@code sha256:…}
   * @param status the HTTP status the message reports, e.g. {@code 401}
   * @param ociCode the registry error code, e.g. {@code MANIFEST_UNKNOWN} or {@code DENIED}
   * @param platform the platform, e.g. {@code linux/arm64/v8}
   * @param secret the Kubernetes pull secret named
   * @param pod the Kubernetes pod named
   * @param namespace the Kubernetes namespace named
   */
  public record Entities(
      @Nullable String registry,
      @Nullable String repository,
      @Nullable String reference,
      @Nullable Integer status,
      @Nullable String ociCode,
      @Nullable String platform,
      @Nullable String secret,
      @Nullable String pod,
      @Nullable String namespace) {

    /** No names at all. */
    public static final Entities NONE =
        new Entities(null, null, null, null, null, null, null, null, null);

    /**
     * Returns the image the text is about, {@code registry/repository[:tag|@digest]}, when at least
     * the repository is known and valid; a live diagnosis of it settles ambiguous explanations. An
     * invalid reference kept as written ({@code Acme/WebApp}) is no target: no registry can answer
     * for it.
     */
    public java.util.Optional<String> probeTarget() {
      return repository == null || !ImageMention.isRepository(repository)
          ? java.util.Optional.empty()
          : java.util.Optional.of(image());
    }

    /**
     * Returns {@code registry/repository[:tag|@digest]} with the parts that are known, or empty
     * text.
     */
    String image() {
      StringBuilder image = new StringBuilder();
      if (registry != null) {
        image.append(registry);
      }
      if (repository != null) {
        if (image.length() > 0) {
          image.append('/');
        }
        image.append(repository);
      }
      if (reference != null && repository != null) {
        image.append(reference.indexOf(':') >= 0 ? '@' : ':').append(reference);
      }
      return image.toString();
    }
  }

  /** Writes JSON on one line; immutable and thread-safe, made once instead of per explanation. */
  private static final ObjectWriter ONE_LINE =
      ReportJson.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

  /** Returns the JSON form ({@code regdoctor.explanation/v1}), pretty-printed. */
  public String toJson() {
    return ReportJson.write(node());
  }

  /**
   * Returns the JSON form ({@code regdoctor.explanation/v1}), pretty-printed, with one more member,
   * {@code probe}: the {@code regdoctor.report/v1} object of the live diagnosis that checked the
   * text's image ({@code explain --probe --json}), or {@code null} when the text names no image to
   * probe. One JSON document, so that a tool parses both in one read.
   *
   * @param probe the report of the live diagnosis, or {@code null} when nothing was probed
   */
  public String toJson(dev.regdoctor.diagnostics.@Nullable Report probe) {
    ObjectNode root = node();
    if (probe == null) {
      root.putNull("probe");
    } else {
      root.set("probe", ReportJson.node(probe));
    }
    return ReportJson.write(root);
  }

  /** Returns the JSON form on one line, as {@code explain --batch} writes JSON Lines. */
  public String toJsonLine() {
    try {
      return ONE_LINE.writeValueAsString(node());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** As {@link #ONE_LINE}, for a writer that stays open and is not flushed after each value. */
  private static final ObjectWriter ONE_LINE_TO_WRITER =
      ONE_LINE
          .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .without(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);

  /**
   * Writes {@link #toJsonLine()} to {@code out}, the same characters without making a {@code
   * String} of them (for {@code explain --batch}, which writes many); writes no line end and
   * neither flushes nor closes {@code out}.
   *
   * @throws UncheckedIOException if {@code out} fails
   */
  public void writeJsonLine(Writer out) {
    requireNonNull(out, "out");
    try {
      ONE_LINE_TO_WRITER.writeValue(out, node());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ObjectNode node() {
    ObjectNode root = ReportJson.MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("input", input);
    root.put("client", client);
    root.set("verdict", ReportJson.finding(verdict));
    ArrayNode others = root.putArray("alternatives");
    alternatives.forEach(finding -> others.add(ReportJson.finding(finding)));
    ObjectNode names = root.putObject("entities");
    putNullable(names, "registry", entities.registry());
    putNullable(names, "repository", entities.repository());
    putNullable(names, "reference", entities.reference());
    if (entities.status() == null) {
      names.putNull("status");
    } else {
      names.put("status", entities.status().intValue());
    }
    putNullable(names, "ociCode", entities.ociCode());
    putNullable(names, "platform", entities.platform());
    putNullable(names, "secret", entities.secret());
    putNullable(names, "pod", entities.pod());
    putNullable(names, "namespace", entities.namespace());
    return root;
  }

  /**
   * Returns the explanation for people, at most 17 lines: the verdict code, client and image, the
   * summary, up to three evidence lines (including how to tell the alternatives apart), the
   * alternatives, and up to three remediation steps with their commands; evidence lines and steps
   * left out are counted on a line of their own that points at {@link #toJson()}: {@code … +2
   * (toJson())}.
   */
  @Override
  public String toString() {
    return render(false, ReportText.MORE_LIBRARY);
  }

  /**
   * Returns the explanation as {@code regdoctor explain} prints it: as {@link #toString()} does,
   * with the verdict code coloured by severity (ANSI escapes) when {@code color} is true, as the
   * other reports are on a terminal, and the lines counting what is left out pointing at the
   * command's {@code --json}: {@code … +2 (--json)}.
   */
  public String toText(boolean color) {
    return render(color, ReportText.MORE_CLI);
  }

  private String render(boolean color, String more) {
    Catalogue catalogue = Catalogue.forLocale(isChinese(verdict) ? Catalogue.ZH_CN : Locale.ROOT);
    List<String> lines = new ArrayList<>();
    String image = entities.image();
    String paint =
        verdict.isError()
            ? ReportText.RED
            : verdict.severity() == dev.regdoctor.diagnostics.Severity.WARNING
                ? ReportText.YELLOW
                : ReportText.GREEN;
    lines.add(
        ReportText.colored(color, paint, verdict.code().name())
            + "  "
            + ReportText.colored(
                color,
                ReportText.DIM,
                "("
                    + (client.equals(RuleTable.UNKNOWN_CLIENT)
                        ? catalogue.label("explain.client.unknown")
                        : client)
                    + ")")
            + (image.isEmpty() ? "" : "  " + image));
    lines.add("  " + shortenEchoed(verdict.summary()));
    List<String> evidence = ReportText.evidenceToShow(verdict);
    if (!evidence.isEmpty()) {
      lines.add("  " + catalogue.label("evidence") + ":");
      evidence.stream()
          .limit(MAX_EVIDENCE)
          .forEach(line -> lines.add("    " + shortenEchoed(line)));
      if (evidence.size() > MAX_EVIDENCE) {
        lines.add("    " + ReportText.leftOut(evidence.size() - MAX_EVIDENCE, color, more));
      }
    }
    if (!alternatives.isEmpty()) {
      StringJoiner codes = new StringJoiner(", ");
      alternatives.forEach(finding -> codes.add(finding.code().name()));
      lines.add("  " + catalogue.label("explain.alternatives") + ": " + codes);
    }
    if (!verdict.remediation().isEmpty()) {
      lines.add("  " + catalogue.label("fix") + ":");
      // A step is the tool's own sentence: cut in the middle it loses what to run.
      ReportText.appendSteps(lines, verdict.remediation(), "    ", color, more);
    }
    return String.join(System.lineSeparator(), lines);
  }

  /**
   * Findings made with the Chinese catalogue have Chinese step texts (or, without steps,
   * summaries).
   */
  private static boolean isChinese(Finding finding) {
    if (!finding.remediation().isEmpty()) {
      return hasHan(finding.remediation().get(0).text());
    }
    return hasHan(finding.summary());
  }

  private static boolean hasHan(String text) {
    return text.codePoints()
        .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
  }

  /**
   * Returns {@code line} for the text form: only the part that echoes the pasted {@link #input()}
   * (a whole line, or what follows the tool's words and a colon, as in a summary ending with the
   * line that matched) is shortened, by {@link #abbreviate}; a sentence the tool wrote is kept
   * whole, as its JSON is.
   */
  String shortenEchoed(String line) {
    if (line.length() <= MAX_LINE) {
      return line;
    }
    if (echoed(line)) {
      return abbreviate(line);
    }
    for (int colon = line.indexOf(": "); colon >= 0; colon = line.indexOf(": ", colon + 1)) {
      String rest = line.substring(colon + 2);
      if (rest.length() > MAX_LINE / 4 && echoed(rest)) {
        return line.substring(0, colon + 2) + abbreviate(rest);
      }
    }
    return line;
  }

  /**
   * Returns whether {@code text} is pasted input: each of its parts between the ellipses the
   * explainer's excerpts put where they left text out occurs in {@link #input()}.
   */
  private boolean echoed(String text) {
    boolean any = false;
    for (String part : text.split("…")) {
      String piece = part.strip();
      if (!piece.isEmpty()) {
        if (!input.contains(piece)) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /**
   * Shortens {@code line} in the middle, at word boundaries: Go errors name the operation first and
   * the cause last. The whole line stays in the JSON.
   */
  static String abbreviate(String line) {
    if (line.length() <= MAX_LINE) {
      return line;
    }
    int head = MAX_LINE / 3;
    int tail = line.length() - (MAX_LINE - head - 3);
    int space = line.lastIndexOf(' ', head);
    if (space > head / 2) {
      head = space;
    }
    int next = line.indexOf(' ', tail);
    if (next >= 0 && next - tail < MAX_LINE / 4) {
      tail = next + 1;
    }
    if (Character.isLowSurrogate(line.charAt(head))) {
      head--;
    }
    if (Character.isLowSurrogate(line.charAt(tail))) {
      tail++;
    }
    return line.substring(0, head).stripTrailing() + " … " + line.substring(tail).stripLeading();
  }

  private static void putNullable(ObjectNode node, String name, @Nullable String value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, value);
    }
  }
}
