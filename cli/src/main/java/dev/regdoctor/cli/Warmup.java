package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.ReportJson;
import dev.regdoctor.internal.http.Addresses;
import dev.regdoctor.internal.http.Transport;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Start-up work of a {@code diagnose} that does not depend on its options, shared between a second
 * thread started first thing in {@link Main#main} and the main thread once it has parsed the
 * command line: OkHttp's platform detection (which instantiates every security provider and sets up
 * {@code java.util.logging}), its URL and request classes (host names go through IDNA tables and
 * the JDK's Unicode normaliser), SLF4J, the message catalogue, Jackson's mapper for {@code --json},
 * and, unless a plain-HTTP registry is named or every image is on a loopback registry (whose server
 * the run first asks whether it speaks TLS at all), the JVM trust store, an SSL context and a
 * rehearsed TLS client hello (key shares and cipher suites). Nothing here touches the network,
 * reads a file the run would not read, or keeps state the run sees: the JDK caches the parsed trust
 * store, and class initialisation happens once, which is the point. A failure here is ignored; the
 * run meets it again and reports it.
 *
 * <p>The tasks are independent of each other. The second thread takes them from the front of a
 * queue (the trust store, the longest, first), the main thread from the back in {@link #await()},
 * which the command calls before it builds anything, and which returns when every task but the
 * trust store is done: the run itself never initialises a library while a warm-up task does, and if
 * it needs the trust store before the second thread has read it, the JDK's lock on its trust-store
 * cache makes it wait for that one reading. On a machine with a spare core this takes most of the
 * set-up off the wall time of a cold run at the same CPU time (the objects built here only to be
 * thrown away cost little).
 */
final class Warmup implements Runnable {
  /** How long {@link #await()} waits at most; the warm-up reads local files only. */
  private static final long WAIT_MILLIS = 5_000;

  private static volatile @Nullable Warmup current;

  /** The pieces of work, each independent of the others. */
  enum Task {
    TRUST_STORE,
    TLS_HELLO,
    SECURITY_PROVIDERS,
    OKHTTP,
    JAVA_LOGGING,
    TIME_ZONES,
    SLF4J,
    CATALOGUE,
    JSON
  }

  private final boolean tls;
  private final boolean json;
  private final Locale locale;

  /**
   * Tasks not started: the second thread takes from the front (the trust store, the longest,
   * first), the main thread from the back (the client hello first).
   */
  private final ArrayDeque<Task> pending = new ArrayDeque<>();

  /**
   * Tasks started and not finished that the run must wait for: all but the trust store, which the
   * JDK reads once under its own lock ({@code TrustStoreManager}), so that the run goes on until it
   * builds its TLS client and then takes the certificates the warm-up parsed.
   */
  private int inProgress;

  private Warmup(boolean tls, boolean json, Locale locale) {
    this.tls = tls;
    this.json = json;
    this.locale = locale;
    // the trust store, the longest, first for the second thread; the client hello, which does not
    // need it, last, for the main thread to take first
    if (tls) {
      pending.add(Task.TRUST_STORE);
    }
    // OkHttp's platform detection instantiates every security provider, sets up java.util.logging
    // and reads the time-zone database: three tasks of their own, so both threads can share them
    pending.add(Task.SECURITY_PROVIDERS);
    pending.add(Task.OKHTTP);
    pending.add(Task.JAVA_LOGGING);
    pending.add(Task.TIME_ZONES);
    pending.add(Task.SLF4J);
    pending.add(Task.CATALOGUE);
    if (json) {
      pending.add(Task.JSON);
    }
    if (tls) {
      pending.add(Task.TLS_HELLO);
    }
  }

  /**
   * Starts the warm-up for {@code args} when they run {@code diagnose}; otherwise does nothing.
   * Called once, first thing in {@link Main#main}.
   */
  static void start(String[] args) {
    Warmup warmup = forArguments(args);
    if (warmup == null) {
      return;
    }
    Thread thread = new Thread(warmup, "regdoctor-warmup");
    thread.setDaemon(true);
    current = warmup;
    thread.start();
  }

  /**
   * Finishes the warm-up started by {@link #start} (if any): the calling thread does the tasks the
   * second thread has not started yet, then waits for the one it is doing.
   */
  static void await() {
    Warmup warmup = current;
    current = null;
    if (warmup != null) {
      warmup.finish();
    }
  }

  /** The second thread: tasks from the front of the queue. */
  @Override
  public void run() {
    for (Task task = take(true); task != null; task = take(true)) {
      perform(task);
    }
  }

  void finish() {
    for (Task task = take(false); task != null; task = take(false)) {
      perform(task);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    synchronized (this) {
      try {
        for (long left = WAIT_MILLIS; inProgress > 0 && left > 0; ) {
          wait(left);
          left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized @Nullable Task take(boolean first) {
    Task task = first ? pending.pollFirst() : pending.pollLast();
    if (task != null && task != Task.TRUST_STORE) {
      inProgress++;
    }
    return task;
  }

  private void perform(Task task) {
    try {
      switch (task) {
        case TRUST_STORE -> Transport.trustManager(List.of());
        case TLS_HELLO -> tlsClientHello();
        case SECURITY_PROVIDERS -> java.security.Security.getProviders();
        case OKHTTP -> okHttp();
        case JAVA_LOGGING -> java.util.logging.LogManager.getLogManager();
        case TIME_ZONES -> java.util.TimeZone.getTimeZone("GMT");
        case SLF4J -> org.slf4j.LoggerFactory.getLogger(Warmup.class).isDebugEnabled();
        case CATALOGUE -> Catalogue.forLocale(locale);
        case JSON ->
            ReportJson.write(ReportJson.MAPPER.createObjectNode().put("schema", ReportJson.SCHEMA));
      }
    } catch (RuntimeException | LinkageError e) {
      // ignored: the run does the same work itself and reports what fails there
    } finally {
      if (task != Task.TRUST_STORE) {
        synchronized (this) {
          inProgress--;
          notifyAll();
        }
      }
    }
  }

  /**
   * Returns what to warm up for {@code args}, or null when they do not run {@code diagnose} (or
   * only ask for its usage, which {@link HelpText} prints without any of this).
   */
  static Warmup forArguments(String[] args) {
    if (args.length == 0 || !args[0].equals("diagnose")) {
      return null;
    }
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h") || arg.equals("--version") || arg.equals("-V")) {
        return null;
      }
    }
    boolean json = false;
    boolean plainHttp = false;
    Locale locale = null;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        break;
      }
      json |= arg.equals("--json");
      plainHttp |= arg.equals("--plain-http") || arg.startsWith("--plain-http=");
      if (arg.equals("--lang") && i + 1 < args.length) {
        locale = locale(args[i + 1]);
      } else if (arg.startsWith("--lang=")) {
        locale = locale(arg.substring("--lang=".length()));
      }
    }
    if (locale == null) {
      locale = new CommonOptions().locale();
    }
    // With --plain-http the images named are most likely all on that registry: no TLS to prepare.
    // Images all on this machine's loopback registries are tried with HTTPS first, but the run
    // asks the server whether it speaks TLS before it builds anything for TLS (most local
    // registries do not), so preparing TLS would be work thrown away. Wrong guesses cost nothing
    // but time: the run builds whatever it needs itself.
    return new Warmup(!plainHttp && !allOnLoopback(FastDiagnose.images(args)), json, locale);
  }

  /**
   * Whether every image names a registry on this machine's loopback interface ({@code localhost},
   * {@code 127.0.0.0/8}, {@code [::1]}); false when {@code images} is null (not known).
   */
  static boolean allOnLoopback(@Nullable List<String> images) {
    if (images == null || images.isEmpty()) {
      return false;
    }
    for (String image : images) {
      int slash = image.indexOf('/');
      if (slash <= 0) {
        return false; // a Docker Hub name
      }
      String registry = image.substring(0, slash);
      String host;
      if (registry.startsWith("[")) {
        int close = registry.indexOf(']');
        host = registry.substring(1, close < 0 ? registry.length() : close);
      } else {
        int colon = registry.indexOf(':');
        host = colon < 0 ? registry : registry.substring(0, colon);
      }
      boolean loopback = Addresses.isLoopbackHost(host);
      if (!loopback) {
        return false;
      }
    }
    return true;
  }

  private static Locale locale(String lang) {
    try {
      return Terminal.locale(lang);
    } catch (RuntimeException e) {
      return Locale.ENGLISH; // the run rejects the value itself
    }
  }

  boolean tls() {
    return tls;
  }

  boolean json() {
    return json;
  }

  Locale locale() {
    return locale;
  }

  /** A plain-HTTP client like the transport's, a URL and a request: thrown away unused. */
  private static void okHttp() {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
            .connectTimeout(1, TimeUnit.SECONDS)
            .build();
    HttpUrl url = HttpUrl.get("http://registry.invalid:5000/v2/");
    client.newCall(new Request.Builder().url(url).head().build());
  }

  /**
   * An SSL context and a client hello written to a buffer, trusting anything: no certificate is
   * checked, so this runs while the other thread reads the trust store.
   */
  private static void tlsClientHello() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new Transport.AcceptingTrustManager()}, null);
      SSLEngine engine = context.createSSLEngine("registry.invalid", 443);
      engine.setUseClientMode(true);
      engine.beginHandshake();
      ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
      engine.wrap(ByteBuffer.allocate(0), hello);
      engine.closeOutbound();
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      // ignored, as above
    }
  }
}
