package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The same bad manifest gets the same message from {@code k8s} and {@code diagnose --k8s-secret}
 * (review defect 22: "a tab character at line 4, column 1" from one, "invalid YAML at line 3,
 * column 9" from the other), and a directory is named as one.
 */
@Timeout(30)
class ManifestErrorsTest {
  @TempDir Path dir;

  private String errorOf(String... args) {
    StringWriter err = new StringWriter();
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(new StringWriter(), true));
    line.setErr(new PrintWriter(err, true));
    assertThat(line.execute(args)).as(String.join(" ", args)).isEqualTo(2);
    return err.toString().strip();
  }

  private String bothSay(String manifest) throws Exception {
    Path file = dir.resolve("manifest.yaml");
    Files.writeString(file, manifest);
    String k8s = errorOf("k8s", "--offline", file.toString());
    String diagnose =
        errorOf("diagnose", "--k8s-secret", file.toString(), "--timeout", "1s", "127.0.0.1:1/a:1");
    assertThat(diagnose).isEqualTo(k8s);
    return k8s;
  }

  @Test
  void tabIndentIsNamedAtItsPositionByBothCommands() throws Exception {
    String message = bothSay("apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n");

    assertThat(message)
        .isEqualTo(
            "regdoctor: "
                + dir.resolve("manifest.yaml")
                + ": a tab character at line 4, column 1: YAML indents with spaces only");
  }

  @Test
  void otherSyntaxErrorsGetTheSameWordsFromBothCommands() throws Exception {
    String message = bothSay("apiVersion: v1\nkind: Secret\ndata: [a, b\n");

    assertThat(message).contains(": invalid YAML at line ");
  }

  @Test
  void aDirectoryIsNamedAsOne() {
    assertThat(errorOf("k8s", "--offline", dir.toString()))
        .isEqualTo("regdoctor: " + dir + ": is a directory, not a file");
    assertThat(
            errorOf(
                "diagnose", "--k8s-secret", dir.toString(), "--timeout", "1s", "127.0.0.1:1/a:1"))
        .endsWith(dir + ": is a directory, not a file");
  }
}
