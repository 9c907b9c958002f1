package dev.regdoctor.credentials;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.internal.json.JsonTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a docker credential helper ({@code docker-credential-<name> get}) as the docker CLI does
 * (docker-credential-helpers {@code client/client.go}): the server URL goes to stdin, and the
 * helper answers {@code {"ServerURL":…,"Username":…,"Secret":…}} on stdout, or exits with status 1
 * and {@code credentials not found in native keychain} when it has nothing.
 *
 * <p>Unlike docker, every run is bounded: the helper is killed (with its child processes) after
 * {@link #timeout()}, stdout is capped at {@value #MAX_STDOUT_BYTES} bytes and stderr at {@value
 * #MAX_STDERR_BYTES}. Helper output is never logged or echoed; failure messages carry the exit
 * status, a scrubbed excerpt of stderr, and standard helper messages recognised on stdout.
 *
 * <p>The helper runs with exactly the given environment (pass {@code System.getenv()} for the usual
 * behaviour); the executable is searched in its {@code PATH}. On Windows the names {@code
 * docker-credential-<name>} plus each {@code PATHEXT} extension ({@code .exe}, {@code .cmd}, …) are
 * tried.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CredentialHelper {

  /** The default time a helper may take: 10 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The most stdout read from a helper: 64 KiB. */
  public static final int MAX_STDOUT_BYTES = 64 * 1024;

  /** The most stderr read from a helper: 8 KiB. */
  public static final int MAX_STDERR_BYTES = 8 * 1024;

  /** What a helper prints on stdout (with exit status 1) when it holds no credentials. */
  public static final String NOT_FOUND_MESSAGE = "credentials not found in native keychain";

  /** The user name a helper answers when the secret is an identity (refresh) token. */
  public static final String TOKEN_USERNAME = "<token>";

  private static final Logger log = LoggerFactory.getLogger(CredentialHelper.class);

  private static final String PREFIX = "docker-credential-";
  private static final Duration READER_GRACE = Duration.ofMillis(500);
  private static final Duration KILLED_READER_GRACE = Duration.ofMillis(20);

  /** Standard helper messages on stdout, shown by our own wording only. */
  private static final Map<String, String> KNOWN_STDOUT_MESSAGES = new LinkedHashMap<>();

  static {
    KNOWN_STDOUT_MESSAGES.put(
        "no credentials server URL", "helper says: no credentials server URL");
    KNOWN_STDOUT_MESSAGES.put("no credentials username", "helper says: no credentials username");
    KNOWN_STDOUT_MESSAGES.put(
        "Cannot autolaunch D-Bus",
        "helper says: Cannot autolaunch D-Bus without X11 $DISPLAY (no desktop session for the"
            + " secret service)");
    KNOWN_STDOUT_MESSAGES.put(
        "pass not initialized", "helper says: pass not initialized (run pass init)");
  }

  /** Phrases in helper stderr that are safe to name (lower case), in our words. */
  private static final Map<String, String> KNOWN_STDERR_PHRASES = new LinkedHashMap<>();

  static {
    KNOWN_STDERR_PHRASES.put("no secret key", "gpg has no secret key to decrypt the store");
    KNOWN_STDERR_PHRASES.put("decryption failed", "a failed decryption");
    KNOWN_STDERR_PHRASES.put("keychain", "the keychain");
    KNOWN_STDERR_PHRASES.put("d-bus", "D-Bus (the secret service)");
    KNOWN_STDERR_PHRASES.put("org.freedesktop.secrets", "the secret service");
    KNOWN_STDERR_PHRASES.put("pass not initialized", "an uninitialised pass store");
    KNOWN_STDERR_PHRASES.put("permission denied", "permission denied");
    KNOWN_STDERR_PHRASES.put("no such file or directory", "a missing file");
    KNOWN_STDERR_PHRASES.put("command not found", "a missing command");
    KNOWN_STDERR_PHRASES.put("timeout", "a timeout");
    KNOWN_STDERR_PHRASES.put("deadline exceeded", "a timeout");
    KNOWN_STDERR_PHRASES.put("connection refused", "a refused connection");
    KNOWN_STDERR_PHRASES.put("no aws credentials", "no AWS credentials");
    KNOWN_STDERR_PHRASES.put("nocredentialproviders", "no AWS credentials");
    KNOWN_STDERR_PHRASES.put("expiredtoken", "an expired cloud token");
    KNOWN_STDERR_PHRASES.put("accessdenied", "access denied by the cloud provider");
    KNOWN_STDERR_PHRASES.put("region", "the cloud region");
  }

  private final String name;
  private final String label;
  private final Map<String, String> environment;
  private final Duration timeout;
  private final boolean windows;

  private CredentialHelper(
      String name,
      String label,
      Map<String, String> environment,
      Duration timeout,
      boolean windows) {
    this.name = name;
    this.label = label;
    this.environment = environment;
    this.timeout = timeout;
    this.windows = windows;
  }

  /**
   * Returns the helper named in {@code credHelpers}; its problems and sources read {@code
   * credHelper <name>}.
   *
   * @param name the suffix, e.g. {@code ecr-login} for {@code docker-credential-ecr-login}
   * @param environment the helper's whole environment, including {@code PATH}
   */
  public static CredentialHelper credHelper(String name, Map<String, String> environment) {
    return of(name, "credHelper " + name, environment);
  }

  /**
   * Returns the helper named by {@code credsStore}; its problems and sources read {@code credsStore
   * <name>}.
   *
   * @param name the suffix, e.g. {@code desktop} for {@code docker-credential-desktop}
   * @param environment the helper's whole environment, including {@code PATH}
   */
  public static CredentialHelper credsStore(String name, Map<String, String> environment) {
    return of(name, "credsStore " + name, environment);
  }

  private static CredentialHelper of(String name, String label, Map<String, String> environment) {
    requireNonNull(name, "name");
    requireNonNull(environment, "environment");
    boolean windows =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    return new CredentialHelper(
        name,
        label,
        Collections.unmodifiableMap(new LinkedHashMap<>(environment)),
        DEFAULT_TIMEOUT,
        windows);
  }

  /**
   * Returns a copy that kills the helper after {@code timeout}.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public CredentialHelper withTimeout(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive but was " + timeout);
    }
    return new CredentialHelper(name, label, environment, timeout, windows);
  }

  /** Returns a copy that searches executables as on Windows (or not); for tests. */
  CredentialHelper withWindowsLookup(boolean windowsLookup) {
    return new CredentialHelper(name, label, environment, timeout, windowsLookup);
  }

  /** Returns the helper suffix, e.g. {@code ecr-login}. */
  public String name() {
    return name;
  }

  /** Returns how problems and sources name this helper, e.g. {@code credsStore desktop}. */
  public String label() {
    return label;
  }

  /** Returns the time the helper may take before it is killed. */
  public Duration timeout() {
    return timeout;
  }

  /** Returns the program name, e.g. {@code docker-credential-ecr-login}. */
  public String executableName() {
    return PREFIX + name;
  }

  /**
   * Returns the executable found in the environment's {@code PATH}; relative {@code PATH} entries
   * are skipped, as Go's {@code exec.LookPath} refuses them.
   */
  public Optional<Path> findExecutable() {
    if (!isValidName(name)) {
      return Optional.empty();
    }
    String path = variable("PATH");
    if (path == null || path.isEmpty()) {
      return Optional.empty();
    }
    List<String> candidates = new ArrayList<>();
    if (windows) {
      String pathext = variable("PATHEXT");
      String extensions = pathext == null || pathext.isEmpty() ? ".com;.exe;.bat;.cmd" : pathext;
      for (String extension : extensions.split(";")) {
        if (!extension.isEmpty()) {
          candidates.add(executableName() + extension.toLowerCase(Locale.ROOT));
        }
      }
    } else {
      candidates.add(executableName());
    }
    for (String dir : path.split(windows ? ";" : ":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path directory;
      try {
        directory = Path.of(dir);
      } catch (RuntimeException e) {
        continue;
      }
      if (!directory.isAbsolute()) {
        continue;
      }
      for (String candidate : candidates) {
        Path file = directory.resolve(candidate);
        if (Files.isRegularFile(file) && Files.isExecutable(file)) {
          return Optional.of(file);
        }
      }
    }
    return Optional.empty();
  }

  private @Nullable String variable(String key) {
    if (!windows) {
      return environment.get(key);
    }
    for (Map.Entry<String, String> entry : environment.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(key)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static boolean isValidName(String name) {
    return !name.isEmpty()
        && name.indexOf('/') < 0
        && name.indexOf('\\') < 0
        && name.indexOf('\0') < 0
        && !name.equals(".")
        && !name.equals("..");
  }

  /** What a helper answered. */
  public sealed interface Result {

    /** The helper returned a credential. */
    record Found(Credential credential) implements Result {
      /** Validates the credential is present. */
      public Found {
        requireNonNull(credential, "credential");
      }
    }

    /**
     * The helper holds no credentials for the server ({@value CredentialHelper#NOT_FOUND_MESSAGE}).
     */
    record NotFound() implements Result {}

    /** The helper is missing, failed, hung or answered badly; docker fails the pull then. */
    record Failed(CredentialProblem problem) implements Result {
      /** Validates the problem is present. */
      public Failed {
        requireNonNull(problem, "problem");
      }
    }
  }

  /**
   * Asks the helper for the credentials of {@code serverUrl}, waiting at most {@link #timeout()}.
   * Never throws for helper failures: they come back as {@link Result.Failed} with kind {@link
   * CredentialProblem.Kind#HELPER_FAILED}.
   *
   * @param serverUrl what docker passes: {@code https://index.docker.io/v1/} for Docker Hub, else
   *     the registry {@code host[:port]}
   */
  public Result get(String serverUrl) {
    requireNonNull(serverUrl, "serverUrl");
    if (!isValidName(name)) {
      return failed("invalid helper name; it must not be empty or contain path separators");
    }
    Optional<Path> executable = findExecutable();
    if (executable.isEmpty()) {
      return failed(
          executableName()
              + " not found in PATH; docker fails the pull with \"error"
              + " getting credentials\"");
    }
    // A helper runs inside the deadline of the check that needs it, never before it starts, and
    // gets at most half of it: the registry must still be probed to say what the pull would do.
    Deadline check = Deadline.ambient();
    Duration wait = check == null ? timeout : check.portion(2).cap(timeout);
    boolean checkBound = check != null && wait.compareTo(timeout) < 0;
    if (check != null && check.isExpired()) {
      return failed(
          "not run: the check's deadline of " + describe(check.total()) + " had already passed");
    }
    ProcessBuilder builder = new ProcessBuilder(executable.get().toString(), "get");
    builder.environment().clear();
    builder.environment().putAll(environment);
    long startNanos = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return failed("cannot start " + executable.get() + " (" + e.getClass().getSimpleName() + ")");
    }
    log.debug("started {} get for {}", executable.get(), serverUrl);
    Collector stdout = Collector.start(process.getInputStream(), MAX_STDOUT_BYTES, "stdout");
    Collector stderr = Collector.start(process.getErrorStream(), MAX_STDERR_BYTES, "stderr");
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The helper exited or closed stdin without reading; its exit status tells the rest.
    }
    boolean exited;
    try {
      exited = process.waitFor(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      return failed("interrupted while waiting for the helper; killed it");
    }
    if (!exited) {
      killTree(process);
      stdout.finish(process.getInputStream(), KILLED_READER_GRACE);
      stderr.finish(process.getErrorStream(), KILLED_READER_GRACE);
      log.debug("{} did not answer within {}; killed", executableName(), wait);
      return failed(
          checkBound
              ? "did not answer within its share of the check's deadline of "
                  + describe(check.total())
                  + " ("
                  + describe(wait)
                  + "); killed it"
              : "did not answer within " + describe(timeout) + "; killed it");
    }
    stdout.finish(process.getInputStream(), READER_GRACE);
    stderr.finish(process.getErrorStream(), READER_GRACE);
    int status = process.exitValue();
    log.debug(
        "{} exited with status {} in {} ms",
        executableName(),
        status,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    if (status != 0) {
      return nonZeroExit(status, stdout, stderr, serverUrl);
    }
    return parseAnswer(stdout, serverUrl);
  }

  private Result nonZeroExit(int status, Collector stdout, Collector stderr, String serverUrl) {
    String out = stdout.text().trim();
    if (out.equals(NOT_FOUND_MESSAGE)) {
      return new Result.NotFound();
    }
    StringBuilder message = new StringBuilder("exited with status ").append(status);
    for (Map.Entry<String, String> known : KNOWN_STDOUT_MESSAGES.entrySet()) {
      if (out.startsWith(known.getKey())) {
        message.append("; ").append(known.getValue());
        break;
      }
    }
    String err = describeStderr(stderr.text(), serverUrl);
    if (!err.isEmpty()) {
      message.append("; ").append(err);
    }
    message.append("; docker fails the pull with \"error getting credentials\"");
    return failed(message.toString());
  }

  private Result parseAnswer(Collector stdout, String serverUrl) {
    if (stdout.truncated()) {
      return failed("answered more than " + MAX_STDOUT_BYTES + " bytes");
    }
    JsonNode answer;
    try {
      answer = JsonTrees.parseFirst(stdout.text(), label);
    } catch (ConfigException e) {
      return failed(
          "answered with " + e.reason().replace("invalid JSON", "invalid JSON on stdout"));
    }
    if (answer == null) {
      return failed("answered with no output (docker fails with EOF)");
    }
    if (!answer.isObject()) {
      return failed("answered with JSON that is not an object");
    }
    Map.Entry<String, JsonNode> usernameField = JsonTrees.field(answer, "Username");
    Map.Entry<String, JsonNode> secretField = JsonTrees.field(answer, "Secret");
    if (!isStringOrAbsent(usernameField) || !isStringOrAbsent(secretField)) {
      return failed("answered with a non-string Username or Secret");
    }
    String username = textOf(usernameField);
    String secret = textOf(secretField);
    if (secret.isEmpty()) {
      return failed(
          "answered with an empty secret for " + serverUrl + "; docker then pulls anonymously");
    }
    if (username.equals(TOKEN_USERNAME)) {
      return new Result.Found(new Credential.IdentityToken(null, Secret.of(secret)));
    }
    if (username.isEmpty()) {
      return failed("answered with an empty user name for " + serverUrl);
    }
    return new Result.Found(new Credential.UsernamePassword(username, Secret.of(secret)));
  }

  private static boolean isStringOrAbsent(Map.@Nullable Entry<String, JsonNode> field) {
    return field == null || field.getValue().isNull() || field.getValue().isTextual();
  }

  private static String textOf(Map.@Nullable Entry<String, JsonNode> field) {
    return field == null || !field.getValue().isTextual() ? "" : field.getValue().textValue();
  }

  private Result failed(String message) {
    return new Result.Failed(
        new CredentialProblem(CredentialProblem.Kind.HELPER_FAILED, label, message));
  }

  /**
   * Describes stderr without echoing it: a failing helper may print the secret there, in a form no
   * redactor can recognise, so only phrases we know are named, in our words, with the byte count
   * and the command that shows the rest.
   */
  String describeStderr(String stderr, String serverUrl) {
    String text = stderr.strip();
    if (text.isEmpty()) {
      return "";
    }
    List<String> named = new ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> known : KNOWN_STDERR_PHRASES.entrySet()) {
      if (lower.contains(known.getKey())) {
        named.add(known.getValue());
      }
    }
    int bytes = stderr.getBytes(StandardCharsets.UTF_8).length;
    return "stderr withheld ("
        + bytes
        + " bytes; it may hold the secret"
        + (named.isEmpty() ? "" : "; it mentions " + String.join(", ", named))
        + "); see it with: echo "
        + serverUrl
        + " | "
        + PREFIX
        + name
        + " get";
  }

  private static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(100, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
  }

  @Override
  public String toString() {
    // The environment may hold cloud credentials (AWS_SECRET_ACCESS_KEY, …): never print it.
    return "CredentialHelper[" + label + ", timeout=" + timeout + "]";
  }

  /** Drains a stream on a daemon thread, keeping at most {@code cap} bytes. */
  private static final class Collector implements Runnable {
    private final InputStream in;
    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Thread thread;
    private boolean truncated;

    private Collector(InputStream in, int cap, String name) {
      this.in = in;
      this.cap = cap;
      this.thread = new Thread(this, "regdoctor-credential-helper-" + name);
      this.thread.setDaemon(true);
    }

    static Collector start(InputStream in, int cap, String name) {
      Collector collector = new Collector(in, cap, name);
      collector.thread.start();
      return collector;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (this) {
            int room = cap - kept.size();
            if (room > 0) {
              kept.write(buffer, 0, Math.min(room, n));
            }
            if (n > room) {
              truncated = true;
            }
          }
        }
      } catch (IOException e) {
        // Stream closed by finish(): keep what was read.
      }
    }

    /** Waits briefly for the reader; a grandchild may hold the pipe open, so then closes it. */
    void finish(InputStream stream, Duration grace) {
      try {
        thread.join(Math.max(1, grace.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        try {
          stream.close();
        } catch (IOException e) {
          // Nothing more to read either way.
        }
      }
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean truncated() {
      return truncated;
    }
  }
}
