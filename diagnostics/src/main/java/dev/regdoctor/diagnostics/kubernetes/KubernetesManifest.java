package dev.regdoctor.diagnostics.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.internal.json.YamlInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The text of Kubernetes manifests and where it came from: YAML (several documents separated by
 * {@code ---}) or JSON, as written by hand or printed by {@code kubectl get … -o yaml|json}. The
 * text may hold Secrets; {@code toString} shows only the source and the length.
 *
 * @param source a name for messages, such as the file path, {@code <stdin>} or {@code kubectl get
 *     secrets -n shop}
 * @param text the manifests
 */
public record KubernetesManifest(String source, String text) {

  /** The largest manifest file read, in bytes (32 MiB). */
  public static final long MAX_BYTES = YamlInput.MAX_FILE_BYTES;

  /** Validates the fields. */
  public KubernetesManifest {
    requireNonNull(source, "source");
    requireNonNull(text, "text");
  }

  /** Returns manifests from {@code text}, named {@code source} in messages. */
  public static KubernetesManifest of(String source, String text) {
    return new KubernetesManifest(source, text);
  }

  /**
   * Reads the UTF-8 file {@code file}.
   *
   * @throws ConfigException if the file cannot be read or is larger than {@link #MAX_BYTES}
   */
  public static KubernetesManifest read(Path file) {
    requireNonNull(file, "file");
    return new KubernetesManifest(file.toString(), YamlInput.readFile(file));
  }

  /**
   * Reads UTF-8 manifests from {@code in} (for example standard input) without closing it.
   *
   * @throws ConfigException if the stream cannot be read or holds more than {@link #MAX_BYTES}
   */
  public static KubernetesManifest read(InputStream in, String source) {
    requireNonNull(in, "in");
    requireNonNull(source, "source");
    try {
      return new KubernetesManifest(source, YamlInput.read(in, source));
    } catch (IOException e) {
      throw new ConfigException(
          source, "", "cannot read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  @Override
  public String toString() {
    return "KubernetesManifest[source=" + source + ", " + text.length() + " chars]";
  }
}
