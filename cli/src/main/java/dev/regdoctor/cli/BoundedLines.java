package dev.regdoctor.cli;

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

  /** Characters read ahead: {@code buffer[position, limit)} is not yet handed out. */
  private final char[] buffer = new char[BUFFER_CHARS];

  private int position;
  private int limit;
  private boolean end;

  /** How many characters are read at a time (one read per character cost more than explaining). */
  private static final int BUFFER_CHARS = 1 << 15;

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
      return new BoundedLines(new InputStreamReader(stdin, StandardCharsets.UTF_8), false);
    }
    Path file = Path.of(source);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new Cli.UsageError("--batch " + source + ": cannot read the file");
    }
    try {
      // A decoder that replaces malformed bytes, as the explainer sees them anyway.
      return new BoundedLines(
          new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), true);
    } catch (IOException e) {
      throw new Cli.UsageError(
          "--batch " + source + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Reads {@code reader} one line at a time (tests; {@link #open} for files and standard input).
   */
  static BoundedLines of(Reader reader) {
    return new BoundedLines(reader, false);
  }

  /** Returns the next line without its terminator, or {@code null} at the end. */
  @Nullable String next() throws IOException {
    if (end) {
      return null;
    }
    line.setLength(0);
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        end = true;
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      int newline = position;
      while (newline < limit && buffer[newline] != '\n') {
        newline++;
      }
      int keep = Math.min(newline - position, MAX_LINE_CHARS - line.length());
      line.append(buffer, position, keep);
      if (newline < limit) {
        position = newline + 1;
        break;
      }
      position = limit;
    }
    int length = line.length();
    if (length > 0 && line.charAt(length - 1) == '\r') {
      line.setLength(length - 1);
    }
    return line.toString();
  }

  /** Reads the next characters into the buffer; returns false at the end of the input. */
  private boolean fill() throws IOException {
    int read;
    do {
      read = reader.read(buffer, 0, buffer.length);
    } while (read == 0);
    if (read < 0) {
      return false;
    }
    position = 0;
    limit = read;
    return true;
  }

  @Override
  public void close() throws IOException {
    if (close) {
      reader.close();
    }
  }
}
