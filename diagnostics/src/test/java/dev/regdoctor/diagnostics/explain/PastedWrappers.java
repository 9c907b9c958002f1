package dev.regdoctor.diagnostics.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The ways pasted error text arrives wrapped: how real tools, terminals and sites print or quote a
 * message. Each wrapper says where its form comes from; none was written from a corpus miss. A
 * wrapper returns null for a message it cannot honestly wrap (a form that only ever holds one
 * line).
 */
final class PastedWrappers {
  /**
   * One way of wrapping a message: a name for reports, the wrapping, and the pod its own text names
   * (a kubectl events row's object), which the explanation rightly reports when the bare message
   * names none.
   */
  record Wrapper(String name, Wrap wrap, @Nullable String pod) {
    Wrapper(String name, Wrap wrap) {
      this(name, wrap, null);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Wraps a message, or returns null when the wrapper does not apply to it. */
  interface Wrap {
    @Nullable String apply(String message);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PROGRESS =
      "a3ed95caeb02: Pulling fs layer\n"
          + "8bb43bd9c21d: Downloading [=====>      ]  8.088MB/125.3MB\n"
          + "5c110056cd4f: Waiting\n";

  private PastedWrappers() {}

  /** The eight wrappers of the first noise test (session 2). */
  static List<Wrapper> original() {
    return List.of(
        new Wrapper(
            "ANSI colors",
            text ->
                eachLine(
                    text,
                    line ->
                        "\u001b[31;1m"
                            + line.replace("rror", "rror\u001b[0m\u001b[1m")
                            + "\u001b[0m")),
        new Wrapper(
            "ANSI codes whose escape byte was lost",
            text -> eachLine(text, line -> "[0;31m" + line + "[0m")),
        new Wrapper(
            "timestamps", text -> eachLine(text, line -> "2024-05-01T12:00:00.123Z " + line)),
        new Wrapper(
            "bracketed times and levels",
            text -> eachLine(text, line -> "[12:00:01] [ERROR] " + line)),
        new Wrapper("JSON log line", PastedWrappers::jsonLogLine),
        new Wrapper("Windows line endings", text -> text.replace("\n", "\r\n") + "\r\n"),
        new Wrapper(
            "Chinese text around",
            text -> "执行 docker pull 时报错如下：\n" + text + "\n请问这是什么原因？应该怎么解决？谢谢！"),
        new Wrapper(
            "long log around", text -> PROGRESS.repeat(100) + text + "\n" + PROGRESS.repeat(20)));
  }

  /** Wrappers added in session 17, each from how a named tool or site prints text. */
  static List<Wrapper> session17() {
    return List.of(
        // GitHub Actions raw log (the "View raw logs" download): every line starts with a
        // 7-digit-fraction UTC timestamp; a step's failure annotation is "##[error]" on its line.
        new Wrapper(
            "GitHub Actions raw log",
            text -> {
              String[] lines = text.split("\n", -1);
              StringBuilder out = new StringBuilder();
              for (int i = 0; i < lines.length; i++) {
                out.append("2024-05-01T12:00:00.1234567Z ")
                    .append(i == 0 ? "##[error]" : "")
                    .append(lines[i])
                    .append('\n');
              }
              return out.append(
                      "2024-05-01T12:00:01.7654321Z ##[error]Process completed with exit code 1.")
                  .toString();
            }),
        // GitHub Actions web view: core.setFailed prints the failure as "Error: " + message
        // (docker/login-action, docker/build-push-action: "Error: buildx failed with: ...").
        new Wrapper("GitHub Actions \"Error: \" annotation", text -> "Error: " + text),
        // GitLab CI job log: the runner's header, the script line echoed with "$ ", and the
        // runner's closing line.
        new Wrapper(
            "GitLab CI job log",
            text ->
                "Running with gitlab-runner 16.11.0 (91a27b2a)\n"
                    + "  on docker-runner-1 abcd1234, system ID: s_0123456789ab\n"
                    + "Executing \"step_script\" stage of the job script\n"
                    + "$ docker compose pull\n"
                    + text
                    + "\nCleaning up project directory and file based variables\n"
                    + "ERROR: Job failed: exit code 1"),
        // Jenkins Pipeline console with the Timestamper plugin's system-clock prefix.
        new Wrapper(
            "Jenkins pipeline console",
            text ->
                "[Pipeline] sh\n"
                    + eachLine(
                        "+ docker compose pull\n" + text,
                        line -> "[2024-05-01T12:00:00.123Z] " + line)
                    + "\n[Pipeline] }\n[Pipeline] // stage\nERROR: script returned exit code 1\n"
                    + "Finished: FAILURE"),
        // docker compose v2 "up"/"logs": each line prefixed with the container's name padded to
        // the widest one and " | " (v1 wrote "web_1  | ").
        new Wrapper(
            "docker compose service prefix",
            text -> eachLine(text, line -> "web-1       | " + line)),
        new Wrapper(
            "docker compose v1 service prefix",
            text -> eachLine(text, line -> "registry_1  | " + line)),
        // journalctl -u docker: the syslog header, then logrus' text format with the message
        // Go-quoted (strconv.Quote: \" \\ \n \t), one entry for the whole message.
        new Wrapper(
            "systemd journal, dockerd logrus line",
            text ->
                "Dec 05 10:00:00 node1 dockerd[1234]: time=\"2024-12-05T10:00:00.123456789Z\""
                    + " level=error msg=\""
                    + goQuoted(text)
                    + "\""),
        // kubectl get events (one row, under its header): LAST SEEN, TYPE, REASON, OBJECT, MESSAGE
        // separated by tabwriter's three-space padding.
        new Wrapper(
            "kubectl get events row",
            text ->
                "LAST SEEN   TYPE      REASON    OBJECT                        MESSAGE\n"
                    + "3m12s       Warning   Failed    pod/web-5d9c8b7f6-x2x8q       "
                    + text,
            "web-5d9c8b7f6-x2x8q"),
        // kubectl describe pod: the Events table, Type, Reason, Age (with repeat counts), From,
        // Message, indented by two spaces.
        new Wrapper(
            "kubectl describe Events row",
            text ->
                "Events:\n"
                    + "  Type     Reason     Age                From               Message\n"
                    + "  ----     ------     ----               ----               -------\n"
                    + "  Warning  Failed     3m (x4 over 5m)    kubelet            "
                    + text),
        // Markdown block quotes and e-mail replies quote every line with "> ".
        new Wrapper("markdown or e-mail quote", text -> eachLine(text, line -> "> " + line)),
        new Wrapper(
            "nested e-mail quote",
            text -> eachLine(text, line -> line.isEmpty() ? ">>" : ">> " + line)),
        // Text copied from HTML source or an RSS/Atom feed, or a tool that HTML-escapes its log
        // (Jenkins' console HTML, Python's html.escape): &quot; &#39; &lt; &gt; &amp;.
        new Wrapper(
            "HTML-escaped text",
            text ->
                text.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("\"", "&quot;")
                    .replace("'", "&#39;")),
        // Forums and blogs (Discourse, WordPress, SmartyPants, Word) turn ASCII quotes into
        // typographic ones: opening after a space or line start, closing otherwise.
        new Wrapper("forum smart quotes", PastedWrappers::smartQuotes),
        // A terminal or console that inserts line breaks at its width when text is copied (the
        // legacy Windows console, screen captures, some CI web views): 80 columns, mid-word.
        new Wrapper("terminal hard-wrapped at 80 columns", PastedWrappers::hardWrapped),
        // Docker's json-file log driver stores each line of a container's output as a JSON
        // object; a container that logs JSON itself is then JSON inside JSON (escaped twice).
        new Wrapper(
            "JSON log line inside docker json-file",
            text -> {
              String inner = jsonLogLine(text);
              ObjectNode outer = JSON.createObjectNode();
              outer.put("log", inner + "\n");
              outer.put("stream", "stderr");
              outer.put("time", "2024-05-01T12:00:00.123456789Z");
              return outer.toString();
            }),
        // docker-py: APIError.__str__ is "500 Server Error for URL: REASON (\"EXPLANATION\")"
        // after Python's traceback.
        new Wrapper(
            "Python docker SDK APIError",
            text ->
                "Traceback (most recent call last):\n"
                    + "  File \"/app/deploy.py\", line 12, in <module>\n"
                    + "    client.containers.run(image, detach=True)\n"
                    + "docker.errors.APIError: 500 Server Error for"
                    + " http+docker://localhost/v1.45/containers/create: Internal Server Error (\""
                    + text
                    + "\")"),
        // The JVM's uncaught-exception handler: Exception in thread "main" TYPE: MESSAGE, then
        // the stack frames indented with a tab.
        new Wrapper(
            "Java uncaught exception",
            text ->
                "Exception in thread \"main\" java.lang.IllegalStateException: "
                    + text
                    + "\n\tat com.example.Deploy.pull(Deploy.java:42)\n"
                    + "\tat com.example.Deploy.main(Deploy.java:17)"),
        // .NET's unhandled-exception output: "Unhandled exception. TYPE: MESSAGE", frames
        // indented with three spaces.
        new Wrapper(
            ".NET unhandled exception",
            text ->
                "Unhandled exception. System.Exception: "
                    + text
                    + "\n   at Deploy.Program.Main(String[] args) in /src/Program.cs:line 12"),
        // Rust anyhow's Debug format (what main returning Result prints): "Error: CONTEXT",
        // a blank line, "Caused by:", then the causes numbered and indented by four spaces.
        new Wrapper(
            "Rust anyhow Caused by list",
            text ->
                "Error: failed to deploy service web\n\nCaused by:\n    0: starting container\n    1: "
                    + text.replace("\n", "\n       ")),
        // Text typed or re-punctuated with a Chinese input method: full-width colon and comma.
        new Wrapper(
            "Chinese full-width punctuation", text -> text.replace(": ", "：").replace(", ", "，")));
  }

  /** Every wrapper. */
  static List<Wrapper> all() {
    return java.util.stream.Stream.concat(original().stream(), session17().stream()).toList();
  }

  static String eachLine(String text, UnaryOperator<String> change) {
    return text.lines().map(change).collect(Collectors.joining("\n"));
  }

  static String jsonLogLine(String text) {
    ObjectNode line = JSON.createObjectNode();
    line.put("level", "error");
    line.put("ts", "2024-05-01T12:00:00.123Z");
    line.put("msg", text);
    return line.toString();
  }

  /** Go's strconv.Quote without the outer quotes, for the printable text of real messages. */
  static String goQuoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String smartQuotes(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean opening =
          i == 0
              || Character.isWhitespace(text.charAt(i - 1))
              || "([{".indexOf(text.charAt(i - 1)) >= 0;
      if (c == '"') {
        out.append(opening ? '\u201C' : '\u201D');
      } else if (c == '\'') {
        out.append(opening ? '\u2018' : '\u2019');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static String hardWrapped(String text) {
    StringBuilder out = new StringBuilder(text.length() + text.length() / 80 + 1);
    for (String line : text.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      int at = 0;
      while (line.length() - at > 80) {
        out.append(line, at, at + 80).append('\n');
        at += 80;
      }
      out.append(line, at, line.length());
    }
    return out.toString();
  }
}
