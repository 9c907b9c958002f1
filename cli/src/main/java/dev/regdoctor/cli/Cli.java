package dev.regdoctor.cli;

import dev.regdoctor.internal.http.Redaction;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command and its shared behaviour: exit codes, one-line errors, durations. */
@Command(
    name = "regdoctor",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Tells exactly why a container image pull fails, and what to do about it.",
      "",
      "Examples:",
      "  regdoctor demo",
      "  regdoctor diagnose nginx",
      "  regdoctor diagnose registry.example.com/shop/web:1.4 --json",
      "  regdoctor serve --config probes.yaml",
      "  regdoctor mirrors nginx --runtime containerd",
      "  regdoctor explain \"pull access denied for shop/web, repository does not \\",
      "      exist or may require 'docker login'\""
    })
final class Cli implements java.util.concurrent.Callable<Integer> {
  static final int OK = 0;
  static final int FINDINGS = 1;
  static final int USAGE = 2;

  /**
   * The subcommands, in the order {@code --help} lists them ({@code help} comes last). Registered
   * by {@link #commandLine(String...)} rather than in {@code @Command(subcommands)}, so that a run
   * inspects only the commands it names: picocli's reflection over every option of every command
   * was a large part of a cold start, and picocli's classes cannot be kept in the class-data
   * archive (their class files predate Java 6).
   */
  static final List<Class<?>> COMMANDS =
      List.of(
          DiagnoseCommand.class,
          ExplainCommand.class,
          K8sCommand.class,
          ServeCommand.class,
          MirrorsCommand.class,
          DemoCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * No command named: a bad invocation (exit 2), as any other. The usage goes to standard error so
   * that a script's output stays empty; {@code regdoctor --help} prints it to standard output and
   * exits 0.
   */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  /** The JSON schema each command prints with {@code --json}. */
  static final java.util.Map<String, String> JSON_SCHEMAS =
      java.util.Map.of(
          "diagnose", "regdoctor.report/v1; an array of them for several images",
          "explain", "regdoctor.explanation/v1; JSON Lines with --batch",
          "k8s", "regdoctor.kubernetes/v1",
          "mirrors", "regdoctor.mirrors/v1",
          "demo", "an array of regdoctor.report/v1");

  /** Returns the whole command line, every subcommand inspected (tests, documentation). */
  static CommandLine commandLine() {
    return build(true, new String[0]);
  }

  /**
   * Returns the command line for running {@code args}: subcommands named in {@code args} are
   * complete; the others are left out, or, when {@code args} name none or ask for {@code help},
   * carry only their name and description, which is all the top-level usage lists.
   */
  static CommandLine commandLine(String... args) {
    return build(false, args);
  }

  private static CommandLine build(boolean all, String[] arguments) {
    CommandLine line = new CommandLine(new Cli());
    // Running one command needs none of the others (each is a CommandLine of its own to build):
    // they are listed only when no command is named, or for help, whose usage lists them all.
    boolean listOthers = all || Arrays.asList(arguments).contains("help");
    if (!listOthers) {
      listOthers = true;
      for (Class<?> command : COMMANDS) {
        listOthers &= !names(arguments, command.getAnnotation(Command.class));
      }
    }
    java.util.Set<String> complete = new java.util.HashSet<>();
    for (Class<?> command : COMMANDS) {
      Command annotation = command.getAnnotation(Command.class);
      boolean named = all || names(arguments, annotation);
      if (named) {
        line.addSubcommand(annotation.name(), command);
        complete.add(annotation.name());
      } else if (listOthers) {
        line.addSubcommand(annotation.name(), listedOnly(annotation));
      }
    }
    if (listOthers) {
      line.addSubcommand(new CommandLine.HelpCommand());
    }
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.registerConverter(Duration.class, new DurationConverter());
    HelpLayout.apply(line.getCommandSpec());
    for (CommandLine sub : line.getSubcommands().values()) {
      CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
      HelpLayout.apply(spec);
      // -V is offered by every command's help, so every command answers it.
      spec.versionProvider(new Version());
      describeJson(spec, JSON_SCHEMAS.get(sub.getCommandName()));
      PullTestOptions.describe(spec);
      if (sub.getCommandName().equals("k8s")) {
        K8sCommand.hideRefusedOptions(spec);
      }
      // the demo's footer lists its scenarios (Demo's tables): built only for its own usage
      if (sub.getCommandName().equals("demo") && complete.contains("demo")) {
        spec.usageMessage().footer(DemoCommand.scenarioList());
      }
    }
    line.setParameterExceptionHandler(new ParameterErrors());
    line.setExecutionExceptionHandler(new ExecutionErrors());
    return line;
  }

  /**
   * Returns the one line printed for an unexpected failure: what failed, never a stack trace, with
   * anything secret-looking in the message masked.
   */
  static String oneLine(Throwable error) {
    if (error instanceof OutOfMemoryError || error.getCause() instanceof OutOfMemoryError) {
      return "regdoctor: out of memory (raise -Xmx or give less input at once)";
    }
    if (error instanceof StackOverflowError) {
      return "regdoctor: input nested too deeply (stack overflow)";
    }
    String message = error.getMessage() == null ? "" : ": " + error.getMessage();
    String line = error.getClass().getSimpleName() + message;
    int newline = line.indexOf('\n');
    if (newline >= 0) {
      line = line.substring(0, newline);
    }
    return "regdoctor: unexpected failure: " + Redaction.text(line);
  }

  /** Names the command's own JSON schema in its {@code --json} help. */
  private static void describeJson(CommandLine.Model.CommandSpec spec, String schema) {
    CommandLine.Model.OptionSpec json = spec.findOption("--json");
    if (json == null || schema == null) {
      return;
    }
    spec.remove(json);
    spec.addOption(
        json.toBuilder()
            .description("Print JSON instead of text: " + schema + " (docs/json-contract.md).")
            .build());
  }

  private static boolean names(String[] args, Command annotation) {
    for (String arg : args) {
      if (arg.equals(annotation.name()) || Arrays.asList(annotation.aliases()).contains(arg)) {
        return true;
      }
    }
    return false;
  }

  /** A subcommand as the top-level usage lists it: name, aliases, description; no options. */
  private static CommandLine listedOnly(Command annotation) {
    CommandLine.Model.CommandSpec spec =
        CommandLine.Model.CommandSpec.create().aliases(annotation.aliases());
    spec.usageMessage().header(annotation.header()).description(annotation.description());
    return new CommandLine(spec);
  }

  private static String commandPath(CommandLine line) {
    StringBuilder path = new StringBuilder();
    for (CommandLine current = line; current.getParent() != null; current = current.getParent()) {
      path.insert(0, current.getCommandName() + " ");
    }
    return path.toString();
  }

  /** Parses {@code 10s}, {@code 500ms}, {@code 2m}, or a number of seconds. */
  static Duration duration(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      Duration parsed;
      if (value.endsWith("ms")) {
        parsed = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      } else if (value.endsWith("s")) {
        parsed =
            Duration.ofMillis(
                Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
      } else if (value.endsWith("m")) {
        parsed = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
      } else {
        parsed = Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
      }
      if (parsed.isZero() || parsed.isNegative()) {
        throw new CommandLine.TypeConversionException(
            "duration must be positive but was '" + text + "'");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not a duration such as 10s, 500ms or 2m");
    }
  }

  /**
   * Returns a word of the command line that the tool could not use, redacted as the same word on a
   * login's command line is: {@code -pS3cret}, {@code -p S3cret} and {@code --password "S3cret"}
   * are passwords there (session 13 review: a usage error echoed them).
   */
  static String redactedArgument(String word) {
    String login = "login ";
    String redacted = Redaction.text(login + word);
    return redacted.startsWith(login) ? redacted.substring(login.length()) : Redaction.text(word);
  }

  // The handlers and the converter are classes, not lambdas: a lambda for a picocli interface is
  // regenerated while the class-data archive is written, which links that interface; picocli's
  // interfaces predate Java 6, and a linked old class is left out of the archive together with
  // every class implementing it (all of picocli's built-in converters).

  /**
   * Bad invocations: one line, a suggestion when picocli has one, exit 2; in the language the
   * arguments ask for ({@link ErrorText#locale}).
   */
  private static final class ParameterErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException error, String[] args) {
      PrintWriter err = error.getCommandLine().getErr();
      Locale locale = ErrorText.locale(args);
      if (error instanceof CommandLine.UnmatchedArgumentException unmatched
          && !unmatched.getSuggestions().isEmpty()) {
        // The word as typed may carry a secret: --password=hunter2 is not an option here.
        String word = redactedArgument(unmatched.getUnmatched().get(0));
        err.println(
            "regdoctor: "
                + ErrorText.say(
                    "unknown "
                        + (word.startsWith("-") ? "option" : "command")
                        + " '"
                        + word
                        + "' for '"
                        + ("regdoctor " + commandPath(error.getCommandLine())).strip()
                        + "'. Did you mean: "
                        + String.join(" or ", unmatched.getSuggestions())
                        + "?",
                    locale));
        err.println(tryHelp(error.getCommandLine(), locale));
        return USAGE;
      }
      // picocli quotes the arguments it could not use, which may carry a secret.
      String message = String.valueOf(error.getMessage());
      if (error instanceof CommandLine.UnmatchedArgumentException unmatched) {
        for (String word : unmatched.getUnmatched()) {
          message = message.replace(word, redactedArgument(word));
        }
      }
      err.println("regdoctor: " + ErrorText.say(Redaction.text(message), locale));
      err.println(tryHelp(error.getCommandLine(), locale));
      return USAGE;
    }

    private static String tryHelp(CommandLine line, Locale locale) {
      return ErrorText.say(
          "Try 'regdoctor " + commandPath(line) + "--help' for more information.", locale);
    }
  }

  /**
   * Failures while a command runs: one line (a stack trace with --debug), exit 2; in the language
   * the arguments ask for.
   */
  private static final class ExecutionErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
      boolean debug =
          parseResult.hasMatchedOption("--debug")
              || (parseResult.subcommand() != null
                  && parseResult.subcommand().hasMatchedOption("--debug"));
      Locale locale = ErrorText.locale(parseResult.originalArgs().toArray(new String[0]));
      return executionFailure(error, commandLine.getErr(), debug, locale);
    }
  }

  /**
   * Reports a failure while a command runs: one line (a stack trace with {@code --debug}), exit 2,
   * in {@code locale}'s language unless the error names its own ({@link UsageError#locale}).
   */
  static int executionFailure(Exception error, PrintWriter err, boolean debug, Locale locale) {
    if (error instanceof UsageError usage) {
      // The tool's own words, whose quoted parts were redacted when it was built (UsageError):
      // the redactor would read "a password: pipe it to …" as a password.
      Locale said = usage.locale() != null ? usage.locale() : locale;
      err.println("regdoctor: " + ErrorText.say(error.getMessage(), said));
      if (debug) {
        error.printStackTrace(err);
      }
      return USAGE;
    }
    if (error instanceof IllegalArgumentException
        || error instanceof dev.regdoctor.credentials.ConfigException) {
      err.println(
          "regdoctor: "
              + ErrorText.say(Redaction.text(String.valueOf(error.getMessage())), locale));
      if (debug) {
        error.printStackTrace(err);
      }
      return USAGE;
    }
    err.println(
        ErrorText.sayLine(
            oneLine(error) + (debug ? "" : " (--debug shows the stack trace)"), locale));
    if (debug) {
      error.printStackTrace(err);
    }
    return USAGE;
  }

  /** {@code --timeout} and other durations, as {@link #duration(String)} reads them. */
  private static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      return duration(text);
    }
  }

  /**
   * A bad invocation found after parsing (unreadable file, missing password): exit 2, one line,
   * printed as is. The message is the tool's own words and holds no secret by construction: text it
   * did not write (another exception's message, which may quote a file or a server) goes through
   * {@link #quoting}, which redacts it.
   */
  static final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient @Nullable Locale locale;

    /** A message of the tool's own words: option names, paths and values it was given. */
    UsageError(String message) {
      this(message, null);
    }

    private UsageError(String message, @Nullable Locale locale) {
      super(message);
      this.locale = locale;
    }

    /** Returns an error of {@code own} words followed by {@code quoted} text, redacted. */
    static UsageError quoting(String own, @Nullable String quoted) {
      return new UsageError(own + Redaction.text(String.valueOf(quoted)));
    }

    /**
     * Returns this error, caused by {@code cause}, to be said in {@code value}'s language whatever
     * the arguments ask for: {@code serve}, which has no {@code --lang}, says a configuration's
     * problems in the language the configuration chose.
     */
    UsageError inLanguage(Locale value, Throwable cause) {
      UsageError error = new UsageError(getMessage(), value);
      error.initCause(cause);
      return error;
    }

    /** Returns the language this error is to be said in, or null for the run's. */
    @Nullable Locale locale() {
      return locale;
    }
  }

  /** Prints the version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Cli.class.getPackage().getImplementationVersion();
      return new String[] {"regdoctor " + (version == null ? "0.1.0-SNAPSHOT" : version)};
    }
  }
}
