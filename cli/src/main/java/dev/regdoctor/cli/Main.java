package dev.regdoctor.cli;

/** The {@code regdoctor} executable: {@code java -jar regdoctor.jar diagnose IMAGE…}. */
public final class Main {
  private Main() {}

  /**
   * Runs the command line and exits with its status: 0 no error, 1 error finding, 2 bad invocation.
   */
  public static void main(String[] args) {
    // A failure on a worker thread is one line too, never a stack trace.
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) -> System.err.println(Cli.oneLine(error)));
    System.exit(run(args));
  }

  /**
   * Runs the command line and returns the exit status, for tests and embedding. Nothing escapes as
   * a stack trace: an {@link OutOfMemoryError} or any other failure is one line on standard error
   * and status 2.
   */
  public static int run(String... args) {
    try {
      return Cli.commandLine(args).execute(args);
    } catch (Throwable error) {
      System.err.println(Cli.oneLine(error));
      System.err.flush();
      return Cli.USAGE;
    }
  }
}
