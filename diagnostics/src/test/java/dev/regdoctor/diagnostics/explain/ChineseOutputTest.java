package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.internal.ChineseText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: what a Chinese reader sees has no English words inside Chinese sentences. Commands
 * ({@code $} lines), evidence (quoted from the input or the protocol) and text copied from the
 * input stay as they are.
 */
class ChineseOutputTest {
  private final ErrorExplainer explainer = ErrorExplainer.create(Locale.SIMPLIFIED_CHINESE);

  @Test
  void explanationsOfTheWholeCorpusHaveNoStrayEnglish() {
    List<String> stray = new ArrayList<>();
    for (ExplainCorpus.Entry entry : ExplainCorpus.entries()) {
      Explanation explanation = explainer.explain(entry.message());
      List<String> lines = explanation.toText(false).lines().toList();
      boolean evidence = false;
      for (String line : lines.subList(1, lines.size())) {
        String trimmed = line.strip();
        if (trimmed.endsWith(":") || trimmed.startsWith("也可能是")) {
          evidence = trimmed.equals("证据:");
          continue;
        }
        if (evidence && line.startsWith("    ") || trimmed.startsWith("$ ")) {
          continue;
        }
        for (String sentence : trimmed.split("[：；（），。]")) {
          if (sentence.codePoints().noneMatch(ChineseOutputTest::isHan)) {
            continue; // text quoted from the input, a name or a command
          }
          List<String> words = ChineseText.strayWords(withoutNames(sentence, explanation));
          if (!words.isEmpty()) {
            stray.add(entry.id() + ": " + words + " in \"" + trimmed + "\"");
          }
        }
      }
    }
    assertThat(stray).isEmpty();
  }

  /**
   * Review of the built CLI, defect 4: a kubelet step filled the pod, namespace and secret the text
   * does not name with English placeholders next to the catalogue's Chinese ones.
   */
  @Test
  void aKubeletCommandWritesEveryPlaceholderInChinese() {
    List<String> commands =
        ExplainerTest.commands(
            explainer
                .explain(
                    "Failed to pull image \"registry.corp.example.com:5000/payments/api:2.3.1\":"
                        + " rpc error: code = Unknown desc = failed to pull and unpack image"
                        + " \"registry.corp.example.com:5000/payments/api:2.3.1\": failed to"
                        + " resolve reference: pulling from host registry.corp.example.com:5000"
                        + " failed with status code [manifests 2.3.1]: 401 Unauthorized")
                .verdict());

    assertThat(commands)
        .contains(
            "kubectl create secret docker-registry <密钥名> -n <命名空间>"
                + " --docker-server=registry.corp.example.com:5000 --docker-username=<用户名>"
                + " --docker-password=<密码>")
        .allSatisfy(command -> assertThat(command).doesNotContainPattern("<[A-Za-z][A-Za-z -]*>"));
  }

  private static boolean isHan(int c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
  }

  /**
   * Removes the names the text itself gave (registry, repository, tag, secret, namespace, pod,
   * platform, credential helper): names stay as they are in any language.
   */
  private static String withoutNames(String sentence, Explanation explanation) {
    Explanation.Entities names = explanation.entities();
    List<String> values = new ArrayList<>();
    for (String value :
        new String[] {
          names.registry(),
          names.repository(),
          names.reference(),
          names.secret(),
          names.namespace(),
          names.pod(),
          names.platform()
        }) {
      if (value != null) {
        values.add(value);
        values.addAll(List.of(value.split("[/:@.\\-_]")));
      }
    }
    java.util.regex.Matcher helper =
        java.util.regex.Pattern.compile("docker-credential-(\\w+)").matcher(explanation.input());
    while (helper.find()) {
      values.add(helper.group(1));
    }
    String result = " " + sentence + " ";
    values.sort((a, b) -> b.length() - a.length());
    for (String value : values) {
      if (value.length() > 1) {
        result =
            result.replaceAll(
                "(?<![A-Za-z0-9])" + java.util.regex.Pattern.quote(value) + "(?![A-Za-z0-9])", " ");
      }
    }
    return result;
  }
}
