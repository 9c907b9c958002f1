package dev.regdoctor.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes small {@code docker-credential-*} shell scripts into a directory used as {@code PATH}. */
final class HelperScripts {

  private final Path dir;

  HelperScripts(Path dir) {
    this.dir = dir;
  }

  /** Returns an environment whose {@code PATH} finds the scripts, then the system tools. */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", dir + ":/usr/bin:/bin");
    env.put("HOME", dir.toString());
    return env;
  }

  Path dir() {
    return dir;
  }

  /** Writes {@code docker-credential-<name>} running {@code body} under {@code /bin/sh}. */
  Path script(String name, String body) {
    return write("docker-credential-" + name, body);
  }

  Path write(String fileName, String body) {
    Path file = dir.resolve(fileName);
    try {
      Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * Writes a helper that records its stdin in {@code <name>.stdin} and prints {@code answer}
   * (passed through a base64 file so any bytes survive the shell).
   */
  Path answering(String name, String answer) {
    Path answerFile = dir.resolve(name + ".answer");
    try {
      Files.writeString(
          answerFile, Base64.getEncoder().encodeToString(answer.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return script(
        name, "cat > '" + dir.resolve(name + ".stdin") + "'\n" + "base64 -d '" + answerFile + "'");
  }

  /** Writes a helper answering user name and secret as JSON. */
  Path credentials(String name, String username, String secret) {
    return answering(
        name,
        "{\"ServerURL\":\"x\",\"Username\":\"" + username + "\",\"Secret\":\"" + secret + "\"}\n");
  }

  /** Writes a helper that says it has nothing, as the real helpers do. */
  Path notFound(String name) {
    return script(
        name,
        "cat > '"
            + dir.resolve(name + ".stdin")
            + "'\n"
            + "echo 'credentials not found in native keychain'\nexit 1");
  }

  /** Returns what helper {@code name} read on stdin, or null if it never ran. */
  String stdinOf(String name) {
    Path file = dir.resolve(name + ".stdin");
    try {
      return Files.exists(file) ? Files.readString(file) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
