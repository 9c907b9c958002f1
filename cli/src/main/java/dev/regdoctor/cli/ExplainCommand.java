package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.explain.ErrorExplainer;
import dev.regdoctor.diagnostics.explain.Explanation;
import dev.regdoctor.internal.http.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code regdoctor explain TEXT | - | --batch FILE}: classifies pasted pull errors. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explain pasted pull errors: the diagnosis, ambiguous cases, and what to do.",
      "",
      "Understands Docker, containerd, the kubelet (kubectl describe pod), Podman,",
      "skopeo, crane, Jib, Helm or a Java client: the diagnosis, how to tell",
      "ambiguous cases apart, and what to do.",
      "",
      "Examples:",
      "  regdoctor explain \"Error response from daemon: pull access denied for \\",
      "      shop/web, repository does not exist or may require 'docker login'\"",
      "  kubectl describe pod web-0 | regdoctor explain -",
      "  regdoctor explain --probe \"manifest for registry.example.com/shop/web:1.4 \\",
      "      not found: manifest unknown\"",
      "  regdoctor explain --batch errors.txt > explanations.jsonl",
      "",
      "--probe follows the pull rules of the client that printed the text:",
      "containers/image (registries.conf) for skopeo, Podman, Buildah and CRI-O,",
      "containerd (hosts.toml) for ctr, nerdctl, crictl and the kubelet, Docker's",
      "otherwise; --runtime chooses them. With --json, the probe's report is the",
      "explanation's \"probe\" member: one JSON document.",
      "",
      "Text longer than 1 Mi characters is explained by its last lines and its",
      "earlier lines that look like errors (standard input: its last 16 MiB).",
      "",
      "--batch writes one JSON line per input line, in order; a blank line gets",
      "the answer for empty text (UNKNOWN, \"no error text was given\").",
      "",
      "Exit status: 0 the text shows no error and --probe (if given) found none,",
      "1 the text shows an error or --probe found one (--batch: any line does),",
      "2 bad invocation or empty input."
    })
final class ExplainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "TEXT",
      arity = "0..*",
      description = "The error text, or - to read it from standard input.")
  List<String> text = new ArrayList<>();

  @Option(
      names = "--batch",
      paramLabel = "FILE",
      description =
          "Explain one message per line of FILE (- for standard input); writes JSON Lines,"
              + " one per input line.")
  String batch;

  @Option(
      names = "--probe",
      description =
          "Run a live diagnosis of the image named in the text to settle the explanation.")
  boolean probe;

  @Mixin CommonOptions common = new CommonOptions();

  /** {@code --runtime} and its files: whose pull rules {@code --probe} follows. */
  @Mixin RuntimeOptions runtime = new RuntimeOptions();

  /**
   * Standard input kept for {@code explain -}: its last 16 MiB (the explainer examines the last
   * lines and the earlier error lines of it, {@link ErrorExplainer#MAX_WHOLE_CHARS} in all).
   */
  private static final int MAX_STDIN_BYTES = 16 * 1024 * 1024;

  /** {@link #MAX_STDIN_BYTES}, smaller in tests. */
  int maxStdinBytes = MAX_STDIN_BYTES;

  InputStream stdin = System.in;

  /** How many characters of {@code --batch FILE} output are written at a time. */
  private static final int BATCH_OUTPUT_CHARS = 1 << 16;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (batch != null) {
      if (!text.isEmpty() || probe) {
        throw new Cli.UsageError("--batch takes no TEXT and no --probe");
      }
      return batch(out);
    }
    if (!probe
        && (runtime.runtime != null
            || runtime.hostsDir != null
            || runtime.registriesConf != null
            || runtime.certsDir != null)) {
      throw new Cli.UsageError(
          "--runtime, --hosts-dir, --registries-conf and --certs-dir apply to --probe only");
    }
    String input = input();
    ErrorExplainer explainer = ErrorExplainer.create(common.locale());
    Explanation explanation = explainer.explain(input);
    if (common.json) {
      if (!probe) {
        // with --probe, the probe's report is a member of this JSON document: written after it
        out.println(explanation.toJson());
      }
    } else {
      out.println(explanation.toText(Terminal.colors(System.getenv())));
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    if (input.length() > ErrorExplainer.MAX_WHOLE_CHARS) {
      err.println(
          ErrorText.sayLine(
              "regdoctor: the text has "
                  + input.length()
                  + " characters: explained its last lines and its earlier lines that look like"
                  + " errors ("
                  + ErrorExplainer.MAX_WHOLE_CHARS
                  + " characters, the \"input\" of --json)",
              common.locale()));
      err.flush();
    }
    boolean textShowsError = explanation.verdict().isError();
    int status = textShowsError ? Cli.FINDINGS : Cli.OK;
    if (probe) {
      Optional<String> image = explanation.entities().probeTarget();
      if (image.isEmpty()) {
        // The explanation stands: exit as for the text alone, and say why nothing was probed.
        Explanation.Entities named = explanation.entities();
        err.println(
            ErrorText.sayLine(
                named.repository() == null
                    ? "regdoctor: --probe: the text names no image, so nothing was probed"
                    : "regdoctor: --probe: the image the text names ("
                        + written(named)
                        + ") is not a valid reference, so nothing was probed; probe it written"
                        + " right with regdoctor diagnose",
                common.locale()));
        err.flush();
        if (common.json) {
          out.println(explanation.toJson(null));
          out.flush();
        }
        return status;
      }
      ProbeRules rules =
          ProbeRules.of(explanation, runtime.runtime == null ? null : runtime.runtime());
      Report report = probe(image.get(), out, input, explanation, rules);
      if (!report.ok()) {
        status = Cli.FINDINGS;
      } else if (textShowsError) {
        // Exit 1 all the same (the text shows a failure), but the live answer must be said.
        PrintWriter note = common.json ? err : out;
        note.println(
            "regdoctor: "
                + dev.regdoctor.diagnostics.internal.Catalogue.fill(
                    dev.regdoctor.diagnostics.internal.Catalogue.forLocale(common.locale())
                        .label("explain.probeAnswersNow"),
                    java.util.Map.of("runtime", rules.runtime().label())));
        note.flush();
      }
    }
    out.flush();
    return status;
  }

  /** The image as the text wrote it: registry, repository and tag or digest that it gives. */
  private static String written(Explanation.Entities named) {
    String image =
        named.registry() == null ? named.repository() : named.registry() + "/" + named.repository();
    if (named.reference() == null) {
      return image;
    }
    return image + (named.reference().indexOf(':') >= 0 ? "@" : ":") + named.reference();
  }

  private Report probe(
      String image, PrintWriter out, String input, Explanation explanation, ProbeRules rules) {
    if (Redaction.hasUserInfo(input)) {
      // The pasted text named credentials (docker://user:password@host): they were removed before
      // the explanation was built, so they never reach the probe.
      spec.commandLine()
          .getErr()
          .println(
              ErrorText.sayLine(
                  "regdoctor: removed user:password@ from the pasted text; the probe uses only"
                      + " configured credentials (docker config, --username)",
                  common.locale()));
      spec.commandLine().getErr().flush();
    }
    // Which rules the probe follows, said where the output is read (JSON: its probe.runtime).
    String said =
        "regdoctor: "
            + rules.sentence(
                dev.regdoctor.diagnostics.internal.Catalogue.forLocale(common.locale()));
    if (common.json) {
      spec.commandLine().getErr().println(said);
      spec.commandLine().getErr().flush();
    }
    try (RegistryDoctor doctor =
        common.build(rules.applyTo(runtime.apply(common.apply(RegistryDoctor.builder()))))) {
      Report report = doctor.check(image);
      if (common.json) {
        out.println(explanation.toJson(report));
      } else {
        out.println();
        out.println(said);
        out.println(report.toText(Terminal.colors(System.getenv())));
      }
      out.flush();
      return report;
    }
  }

  /**
   * Explains one line at a time, one JSON line out per line in, so that output line N answers input
   * line N: a blank line gets the explainer's answer for empty text ({@code UNKNOWN}, "no error
   * text was given"), which does not change the exit status. Memory stays constant however large
   * the input (a line longer than {@link BoundedLines#MAX_LINE_CHARS} is explained by its start).
   * Each JSON line is written at once for standard input (a pipe may be waiting for it); for a
   * file, in blocks of {@link #BATCH_OUTPUT_CHARS} (the auto-flushing writer made a write call per
   * message).
   */
  private int batch(PrintWriter out) {
    ErrorExplainer explainer = ErrorExplainer.create(common.locale());
    boolean anyError = false;
    boolean interactive = batch.equals("-");
    // JSON lines waiting to be written: each is written here straight from the JSON generator.
    Blocks blocks = new Blocks(out);
    String newline = System.lineSeparator();
    try (BoundedLines lines = BoundedLines.open(batch, stdin)) {
      String line;
      String empty = null;
      while ((line = lines.next()) != null) {
        if (line.isEmpty()) {
          // the same answer for every empty line: made once
          if (empty == null) {
            empty = explainer.explain("").toJsonLine();
          }
          if (interactive) {
            out.println(empty);
          } else {
            blocks.write(empty);
            blocks.write(newline);
          }
          continue;
        }
        Explanation explanation = explainer.explain(line);
        if (interactive) {
          out.println(explanation.toJsonLine());
        } else {
          explanation.writeJsonLine(blocks);
          blocks.write(newline);
        }
        // a line of blanks shows no error, like an empty one
        anyError |= explanation.verdict().isError() && !line.isBlank();
      }
    } catch (IOException e) {
      throw new Cli.UsageError(
          "cannot read "
              + (batch.equals("-") ? "standard input" : batch)
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    } finally {
      // The lines explained before a read failed are written too, as they were line by line.
      blocks.flush();
    }
    out.flush();
    return anyError ? Cli.FINDINGS : Cli.OK;
  }

  /**
   * Collects characters for {@code out} and writes them in blocks of {@link #BATCH_OUTPUT_CHARS}
   * (the auto-flushing writer made a write call per message); what does not fit in a block is
   * written at once, after the block. {@link #flush} writes the block to {@code out} without
   * flushing {@code out}.
   */
  private static final class Blocks extends Writer {
    private final PrintWriter out;
    private final char[] block = new char[BATCH_OUTPUT_CHARS];
    private int size;

    Blocks(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(char[] chars, int from, int length) {
      if (size + length > block.length) {
        flush();
      }
      if (length > block.length) {
        out.write(chars, from, length);
      } else {
        System.arraycopy(chars, from, block, size, length);
        size += length;
      }
    }

    @Override
    public void write(String text, int from, int length) {
      if (size + length > block.length) {
        flush();
      }
      if (length > block.length) {
        out.write(text, from, length);
      } else {
        text.getChars(from, from + length, block, size);
        size += length;
      }
    }

    @Override
    public void flush() {
      out.write(block, 0, size);
      size = 0;
    }

    @Override
    public void close() {
      flush();
    }
  }

  private String input() {
    if (text.isEmpty()) {
      throw new Cli.UsageError("explain needs TEXT, - (standard input) or --batch FILE");
    }
    String input = text.size() == 1 && text.get(0).equals("-") ? read() : String.join(" ", text);
    if (input.isBlank()) {
      throw new Cli.UsageError(
          text.size() == 1 && text.get(0).equals("-")
              ? "explain -: standard input is empty"
              : "explain: the text is empty");
    }
    return input;
  }

  /**
   * Reads standard input and keeps its last {@link #maxStdinBytes}, from a line start: a pull error
   * is near the end of a log (the first 16 MiB were kept before, and the error was lost).
   */
  private String read() {
    try {
      byte[] first = stdin.readNBytes(maxStdinBytes);
      if (first.length < maxStdinBytes) {
        return new String(first, StandardCharsets.UTF_8);
      }
      // a ring of the last MAX_STDIN_BYTES bytes read
      byte[] ring = first;
      int at = 0;
      long total = ring.length;
      for (int read; (read = stdin.read(ring, at, ring.length - at)) >= 0; ) {
        at = (at + read) % ring.length;
        total += read;
      }
      if (total == ring.length) {
        return new String(ring, StandardCharsets.UTF_8);
      }
      byte[] last = new byte[ring.length];
      System.arraycopy(ring, at, last, 0, ring.length - at);
      System.arraycopy(ring, 0, last, ring.length - at, at);
      int start = 0;
      while (start < last.length && last[start] != '\n') {
        start++;
      }
      start = start < last.length ? start + 1 : 0;
      spec.commandLine()
          .getErr()
          .println(
              ErrorText.sayLine(
                  "regdoctor: standard input has "
                      + total
                      + " bytes: explained its last "
                      + (last.length - start)
                      + " bytes, from a line start",
                  common.locale()));
      spec.commandLine().getErr().flush();
      return new String(last, start, last.length - start, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Cli.UsageError("cannot read standard input (" + e.getClass().getSimpleName() + ")");
    }
  }
}
