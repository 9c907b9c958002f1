package dev.regdoctor.diagnostics.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.diagnostics.DiagnosisCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Replays the rules of an older commit on a corpus fold and prints the ids of the messages they
 * left {@code UNKNOWN}, as {@code FOLD<tab>id} lines of {@code explain/wording-replay.tsv}. It uses
 * only the public API, so it compiles on its own against the classes of the commit at which the
 * fold was held out (ad7964e for fold N, 864306a for P, 1561776 for Q):
 *
 * <pre>
 * git archive 1561776 | tar -x -C /tmp/replay-q
 * (cd /tmp/replay-q &amp;&amp; mvn -B -q -o -pl diagnostics -am compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dspotless.skip=true)
 * CP=/tmp/replay-q/diagnostics/target/classes:$(cat /tmp/replay-q/diagnostics/target/cp.txt)
 * javac -d /tmp/replay-out -cp $CP diagnostics/src/test/java/dev/regdoctor/diagnostics/explain/WordingReplay.java
 * java -cp /tmp/replay-out:$CP dev.regdoctor.diagnostics.explain.WordingReplay SPENT_Q \
 *     diagnostics/src/test/resources/explain/corpus-heldout-q.jsonl
 * </pre>
 */
public final class WordingReplay {
  private WordingReplay() {}

  public static void main(String[] args) throws IOException {
    ErrorExplainer explainer = ErrorExplainer.create(Locale.ENGLISH);
    ObjectMapper mapper = new ObjectMapper();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry = mapper.readTree(line);
      if (explainer.explain(entry.get("message").asText()).verdict().code()
          == DiagnosisCode.UNKNOWN) {
        System.out.println(args[0] + "\t" + entry.get("id").asText());
      }
    }
  }
}
