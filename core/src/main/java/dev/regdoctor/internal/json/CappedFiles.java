package dev.regdoctor.internal.json;

import dev.regdoctor.credentials.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads input files with a size cap, so no file input is unbounded. */
public final class CappedFiles {
  private CappedFiles() {}

  /**
   * Returns the bytes of {@code file}, reading at most one byte more than {@code maxBytes}.
   *
   * @throws ConfigException naming {@code source}: the file is missing, a directory, unreadable, or
   *     larger than {@code maxBytes} (then with the reason {@code tooLarge})
   */
  public static byte[] read(Path file, String source, long maxBytes, String tooLarge) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (NoSuchFileException e) {
      throw new ConfigException(source, "", "file does not exist", e);
    } catch (AccessDeniedException e) {
      throw new ConfigException(source, "", "permission denied", e);
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        throw new ConfigException(source, "", "is a directory, not a file", e);
      }
      throw new ConfigException(
          source, "", "cannot read file (" + e.getClass().getSimpleName() + ")", e);
    }
    if (bytes.length > maxBytes) {
      throw new ConfigException(source, "", tooLarge);
    }
    return bytes;
  }
}
