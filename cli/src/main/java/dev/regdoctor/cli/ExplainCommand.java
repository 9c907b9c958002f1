package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.explain.ErrorExplainer;
import dev.regdoctor.diagnostics.explain.Explanation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
      "Exit status: 0 the text shows no error, 1 it does (or --probe found one),",
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
          "Explain one message per line of FILE (- for standard input); writes JSON Lines.")
  String batch;

  @Option(
      names = "--probe",
      description =
          "Run a live diagnosis of the image named in the text to settle the explanation.")
  boolean probe;

  @Mixin CommonOptions common = new CommonOptions();

  InputStream stdin = System.in;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (batch != null) {
      if (!text.isEmpty() || probe) {
        throw new Cli.UsageError("--batch takes no TEXT and no --probe");
      }
      return batch(out);
    }
    String input = input();
    ErrorExplainer explainer = ErrorExplainer.create(common.locale());
    Explanation explanation = explainer.explain(input);
    if (common.json) {
      out.println(explanation.toJson());
    } else {
      out.println(explanation.toText(Terminal.colors(System.getenv())));
    }
    int status = explanation.verdict().isError() ? Cli.FINDINGS : Cli.OK;
    if (probe) {
      status = probe(explanation, out);
    }
    out.flush();
    return status;
  }

  private int probe(Explanation explanation, PrintWriter out) {
    Optional<String> image = explanation.entities().probeTarget();
    if (image.isEmpty()) {
      throw new Cli.UsageError("--probe: the text names no image to diagnose");
    }
    try (RegistryDoctor doctor = common.build(common.apply(RegistryDoctor.builder()))) {
      Report report = doctor.check(image.get());
      out.println();
      out.println(common.json ? report.toJson() : report.toText(Terminal.colors(System.getenv())));
      return report.ok() ? Cli.OK : Cli.FINDINGS;
    }
  }

  private int batch(PrintWriter out) {
    List<String> lines = new ArrayList<>();
    for (String line : read(batch).split("\\R")) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    ErrorExplainer explainer = ErrorExplainer.create(common.locale());
    boolean anyError = false;
    for (Explanation explanation : explainer.explainAll(lines)) {
      out.println(explanation.toJsonLine());
      anyError |= explanation.verdict().isError();
    }
    out.flush();
    return anyError ? Cli.FINDINGS : Cli.OK;
  }

  private String input() {
    if (text.isEmpty()) {
      throw new Cli.UsageError("explain needs TEXT, - (standard input) or --batch FILE");
    }
    String input = text.size() == 1 && text.get(0).equals("-") ? read("-") : String.join(" ", text);
    if (input.isBlank()) {
      throw new Cli.UsageError(
          text.size() == 1 && text.get(0).equals("-")
              ? "explain -: standard input is empty"
              : "explain: the text is empty");
    }
    return input;
  }

  private String read(String source) {
    try {
      if (source.equals("-")) {
        return new String(stdin.readNBytes(16 * 1024 * 1024), StandardCharsets.UTF_8);
      }
      Path file = Path.of(source);
      if (!Files.isReadable(file)) {
        throw new Cli.UsageError("--batch " + source + ": cannot read the file");
      }
      return Files.readString(file);
    } catch (IOException e) {
      throw new Cli.UsageError(
          "cannot read "
              + (source.equals("-") ? "standard input" : source)
              + ": "
              + e.getMessage());
    }
  }
}
