package dev.regdoctor.cli;

/** The {@code regdoctor} executable: {@code java -jar regdoctor.jar diagnose IMAGE…}. */
public final class Main {
  private Main() {}

  /**
   * Runs the command line and exits with its status: 0 no error, 1 error finding, 2 bad invocation.
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit status, for tests and embedding. */
  public static int run(String... args) {
    return Cli.commandLine(args).execute(args);
  }
}
