package dev.regdoctor.probe;

import dev.regdoctor.internal.http.Transport;
import java.nio.file.Path;

/** Checks CA files when a builder is given one, so a bad file fails there, not in a client. */
final class CaFiles {
  private CaFiles() {}

  /**
   * Returns {@code pemFile} if it holds at least one PEM certificate, else throws an {@link
   * InvalidSettingException} naming {@code setting}.
   */
  static Path requireCertificates(String setting, Path pemFile) {
    try {
      Transport.readCertificates(pemFile);
      return pemFile;
    } catch (IllegalArgumentException e) {
      Throwable cause = e.getCause();
      String problem =
          cause instanceof java.io.IOException
              ? "cannot be read (" + cause.getClass().getSimpleName() + ")"
              : cause != null ? "is not a PEM certificate file" : "holds no PEM certificate";
      InvalidSettingException invalid =
          InvalidSettingException.of(setting, pemFile.toString(), problem);
      invalid.initCause(e);
      throw invalid;
    }
  }
}
