package dev.regdoctor.credentials;

import dev.regdoctor.internal.json.CappedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads small configuration files with a size cap. */
final class ConfigFiles {

  private ConfigFiles() {}

  /**
   * Reads {@code file} as UTF-8, keeping a leading byte order mark for the parser to report.
   *
   * @throws ConfigException if the file is missing, unreadable, larger than {@code maxBytes}, or
   *     UTF-16 encoded (docker reads UTF-8 only)
   */
  static String readUtf8(Path file, String source, long maxBytes) {
    byte[] bytes =
        CappedFiles.read(file, source, maxBytes, "file is larger than " + maxBytes + " bytes");
    if (bytes.length >= 2
        && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
            || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
      throw new ConfigException(
          source, "", "file is UTF-16 encoded; docker reads UTF-8 only (save it as UTF-8)");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
