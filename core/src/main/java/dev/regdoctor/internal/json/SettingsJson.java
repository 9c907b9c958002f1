package dev.regdoctor.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.credentials.ConfigException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** JSON reading for settings files: error reasons give positions, never content. */
public final class SettingsJson {

  private SettingsJson() {}

  /**
   * Parses {@code text} as one JSON value, as Go's {@code json.Unmarshal}.
   *
   * @return the value, or {@code null} for blank text
   */
  public static @Nullable JsonNode parse(String text, String source) {
    if (text.isBlank()) {
      return null;
    }
    try {
      return JsonInput.WHOLE.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source, "", "invalid JSON" + JsonInput.at(e));
    }
  }

  /**
   * Reads a file as dockerd reads {@code daemon.json}: a UTF-8 or UTF-16 byte order mark selects
   * the encoding, otherwise it must be valid UTF-8.
   */
  public static String readFile(Path file, long maxBytes) {
    String source = file.toString();
    byte[] bytes =
        CappedFiles.read(file, source, maxBytes, "file is larger than " + maxBytes + " bytes");
    Charset charset = StandardCharsets.UTF_8;
    int skip = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xEF
        && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF) {
      skip = 3;
    } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
      charset = StandardCharsets.UTF_16LE;
      skip = 2;
    } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
      charset = StandardCharsets.UTF_16BE;
      skip = 2;
    }
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(source, "", "not valid " + charset.name() + " text");
    }
  }
}
