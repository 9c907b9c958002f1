package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.internal.ChineseText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Review defect 15: {@code regdoctor demo --lang zh-CN} shows every scenario's findings in Chinese
 * throughout. Evidence lines (raw facts, in English), {@code $} commands and names (hosts, paths,
 * codes, the demo's user names) stay as they are; any other English word in a line that holds
 * Chinese is a sentence the catalogue left untranslated, e.g. a probe's English summary pasted into
 * a Chinese one.
 */
class DemoChineseTest {
  /** The demo's user names: names stay as they are in any language. */
  private static final List<String> NAMES = List.of("alice", "demo");

  @Test
  @Timeout(120)
  void everyScenarioReadsAsChineseOutsideEvidenceAndCommands() throws Exception {
    StringWriter text = new StringWriter();
    try (Demo demo = Demo.start(Locale.SIMPLIFIED_CHINESE, false)) {
      demo.run(new PrintWriter(text, true), false, false);
    }

    assertThat(strayEnglish(text.toString())).isEmpty();
  }

  /** Returns the lines outside evidence blocks and commands that hold stray English words. */
  static List<String> strayEnglish(String output) {
    List<String> stray = new ArrayList<>();
    boolean evidence = false;
    for (String line : output.lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.equals("证据:")) {
        evidence = true;
        continue;
      }
      if (evidence && line.startsWith("    ") && !trimmed.endsWith(":")) {
        continue;
      }
      evidence = false;
      if (trimmed.startsWith("$ ") || trimmed.startsWith("── ") || trimmed.endsWith(":")) {
        continue; // commands; scenario titles are the demo's own (checked by DemoIT)
      }
      if (trimmed.startsWith("证据: ")) {
        continue; // an other finding's leading evidence line
      }
      if (trimmed.startsWith("步骤:")) {
        continue; // step names are the JSON contract's (dns, connect, tls, …)
      }
      if (trimmed.matches("[\\w.-]+ = .*")) {
        continue; // a line of a configuration file to add (registries.conf, hosts.toml): data
      }
      // a configuration snippet after a step's sentence starts with its table ([[registry]])
      trimmed = trimmed.replaceAll("\\[\\[?[\\w.-]+]]?$", "");
      // Durations print in milliseconds everywhere, as "12.7 ms".
      String named = " " + trimmed.replaceAll("\\d ms\\)", "\\)") + " ";
      for (String name : NAMES) {
        named = named.replaceAll("\\b" + name + "\\b", " ");
      }
      List<String> words = ChineseText.strayWords(named);
      if (!words.isEmpty()) {
        stray.add(words + " in \"" + trimmed + "\"");
      }
    }
    return stray;
  }
}
