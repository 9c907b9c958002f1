package dev.regdoctor.cli;

import java.io.PrintStream;

/** The {@code regdoctor} executable: {@code java -jar regdoctor.jar diagnose IMAGE…}. */
public final class Main {
  private Main() {}

  /**
   * Runs the command line and exits with its status: 0 no error, 1 error finding, 2 bad invocation.
   */
  public static void main(String[] args) {
    // A failure on a worker thread is one line too, never a stack trace.
    Thread.setDefaultUncaughtExceptionHandler(new OneLine());
    // diagnose: library set-up on a second core while the command line is parsed (Warmup)
    Warmup.start(args);
    System.exit(run(args));
  }

  /**
   * Prints an uncaught failure as {@link Cli#oneLine}. A class rather than a lambda: the first
   * lambda of a process spins up the lambda machinery (some 60 classes), which {@code --help} never
   * needs otherwise.
   */
  private static final class OneLine implements Thread.UncaughtExceptionHandler {
    @Override
    public void uncaughtException(Thread thread, Throwable error) {
      System.err.println(Cli.oneLine(error));
    }
  }

  /** Returns {@code line} in the language of {@code args}; as it is when that fails too. */
  private static String said(String line, String[] args) {
    try {
      return ErrorText.sayLine(line, ErrorText.locale(args));
    } catch (RuntimeException | Error e) {
      return line; // out of memory, say: the English line needs nothing more
    }
  }

  /**
   * Runs the command line and returns the exit status, for tests and embedding. Nothing escapes as
   * a stack trace: an {@link OutOfMemoryError} or any other failure is one line on standard error
   * and status 2.
   */
  public static int run(String... args) {
    try {
      String usage = HelpText.forArguments(args);
      if (usage != null) {
        // the text picocli would print, rendered at build time: no command model to build; with
        // no command at all it is a bad invocation (standard error, exit 2), as in Cli.call
        PrintStream stream = args.length == 0 ? System.err : System.out;
        stream.writeBytes(usage.getBytes(HelpText.outputCharset()));
        stream.flush();
        return args.length == 0 ? Cli.USAGE : Cli.OK;
      }
      // an ordinary diagnose command line: parsed from the build's option table, no picocli model
      DiagnoseCommand diagnose = FastDiagnose.parse(args);
      if (diagnose != null) {
        return FastDiagnose.run(diagnose);
      }
      return Cli.commandLine(args).execute(args);
    } catch (Throwable error) {
      System.err.println(said(Cli.oneLine(error), args));
      System.err.flush();
      return Cli.USAGE;
    }
  }
}
