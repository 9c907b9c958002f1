package dev.regdoctor.cli;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Reads text one line at a time in constant memory: a line longer than {@link #MAX_LINE_CHARS}
 * keeps its start and the rest is skipped, so a 100 MB input without a newline cannot exhaust the
 * heap.
 */
final class BoundedLines implements Closeable {
  /** The longest line kept (1 Mi characters, what the explainer looks at anyway). */
  static final int MAX_LINE_CHARS = 1 << 20;

  private final Reader reader;
  private final boolean close;
  private final StringBuilder line = new StringBuilder();
  private boolean end;

  private BoundedLines(Reader reader, boolean close) {
    this.reader = reader;
    this.close = close;
  }

  /**
   * Opens {@code source}: a file, or {@code -} for {@code stdin} (which is not closed).
   *
   * @throws Cli.UsageError if the file cannot be read
   */
  static BoundedLines open(String source, InputStream stdin) {
    if (source.equals("-")) {
      return new BoundedLines(
          new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), false);
    }
    Path file = Path.of(source);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new Cli.UsageError("--batch " + source + ": cannot read the file");
    }
    try {
      // A decoder that replaces malformed bytes, as the explainer sees them anyway.
      return new BoundedLines(
          new BufferedReader(
              new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)),
          true);
    } catch (IOException e) {
      throw new Cli.UsageError(
          "--batch " + source + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Returns the next line without its terminator, or {@code null} at the end. */
  @Nullable String next() throws IOException {
    if (end) {
      return null;
    }
    line.setLength(0);
    int c;
    boolean any = false;
    while ((c = reader.read()) >= 0) {
      any = true;
      if (c == '\n') {
        break;
      }
      if (line.length() < MAX_LINE_CHARS) {
        line.append((char) c);
      }
    }
    if (c < 0) {
      end = true;
      if (!any) {
        return null;
      }
    }
    int length = line.length();
    if (length > 0 && line.charAt(length - 1) == '\r') {
      line.setLength(length - 1);
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    if (close) {
      reader.close();
    }
  }
}
