package dev.regdoctor.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Usage texts rendered by picocli at build time, so that {@code regdoctor --help}, {@code regdoctor
 * SUBCOMMAND --help}, {@code regdoctor help [SUBCOMMAND]} and a bare {@code regdoctor} print
 * without building picocli's command model, which was most of their start-up (issue 16).
 *
 * <p>{@code mvn process-classes} runs {@link #main} on the compiled commands; it writes {@code
 * usage/NAME.txt} (plain) and {@code usage/NAME.ansi.txt} (colours) next to this class. A request
 * this class does not recognise, a missing text, or a {@code picocli.*} system property (which may
 * change the rendering) leaves the command line to picocli, which prints the same text. {@code
 * HelpTextTest} checks the texts against what picocli renders from the current commands. Not part
 * of the command line users see.
 */
public final class HelpText {
  /** The name of the top-level usage text. */
  static final String TOP = "regdoctor";

  private HelpText() {}

  /**
   * Writes the usage texts of every command into {@code args[0]} (the class output directory's
   * {@code dev/regdoctor/cli/usage}).
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: HelpText OUTPUT_DIRECTORY");
    }
    Path directory = Files.createDirectories(Path.of(args[0]));
    for (String name : names()) {
      for (boolean ansi : new boolean[] {false, true}) {
        Files.writeString(
            directory.resolve(file(name, ansi)), render(name, ansi), StandardCharsets.UTF_8);
      }
    }
    // the option table with which FastDiagnose parses ordinary diagnose command lines
    FastDiagnose.writeTable(directory);
  }

  /** Returns every name that has a usage text: the top level, each subcommand, {@code help}. */
  static List<String> names() {
    List<String> names = new ArrayList<>(List.of(TOP));
    for (Class<?> command : Cli.COMMANDS) {
      names.add(command.getAnnotation(CommandLine.Command.class).name());
    }
    names.add("help");
    return names;
  }

  /**
   * Renders the usage of {@code name} as picocli prints it for {@code --help}, with {@code \n} line
   * ends.
   */
  static String render(String name, boolean ansi) {
    String[] args = name.equals(TOP) ? new String[] {"--help"} : new String[] {name, "--help"};
    CommandLine line = Cli.commandLine(args);
    StringWriter out = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.setColorScheme(CommandLine.Help.defaultColorScheme(ansi ? Ansi.ON : Ansi.OFF));
    int status = line.execute(args);
    if (status != Cli.OK) {
      throw new IllegalStateException(String.join(" ", args) + " exited " + status);
    }
    return out.toString().replace(System.lineSeparator(), "\n");
  }

  /**
   * Returns the usage text that {@code args} ask for, as picocli would print it to this terminal,
   * or null when picocli must run: the arguments are not a plain help request, the text was not
   * built, or a {@code picocli.*} system property is set.
   */
  static @Nullable String forArguments(String[] args) {
    String name = requested(args);
    if (name == null || picocliConfigured()) {
      return null;
    }
    Boolean ansi = colours(System.getenv(), System.getProperty("os.name", ""));
    if (ansi == null) {
      return null;
    }
    byte[] bytes = ownResource("usage/" + file(name, ansi));
    if (bytes == null) {
      return null;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    return System.lineSeparator().equals("\n") ? text : text.replace("\n", System.lineSeparator());
  }

  /**
   * Returns a resource next to this class, read from the jar (or class directory) this class came
   * from, or null when it is missing or unreadable. Asking the class loader would first look for it
   * in every module of the JDK's image, which took longer than reading it.
   */
  static byte @Nullable [] ownResource(String name) {
    try {
      java.security.CodeSource source = HelpText.class.getProtectionDomain().getCodeSource();
      String entry = HelpText.class.getPackageName().replace('.', '/') + "/" + name;
      if (source != null && source.getLocation().getProtocol().equals("file")) {
        Path location = Path.of(source.getLocation().toURI());
        if (Files.isDirectory(location)) {
          Path file = location.resolve(entry);
          return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        }
        // the class loader has this jar open: the JDK shares its parsed directory with this one
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(location.toFile())) {
          java.util.zip.ZipEntry found = jar.getEntry(entry);
          if (found == null) {
            return null;
          }
          try (InputStream in = jar.getInputStream(found)) {
            return in.readAllBytes();
          }
        }
      }
      try (InputStream in = HelpText.class.getResourceAsStream(name)) {
        return in == null ? null : in.readAllBytes();
      }
    } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Returns the command whose usage {@code args} ask for: {@code []}, {@code [-h]}, {@code
   * [--help]}, {@code [help]} ask for the top level; {@code [help, NAME]}, {@code [NAME, -h]} and
   * {@code [NAME, --help]} for a subcommand. Anything else is null.
   */
  static @Nullable String requested(String[] args) {
    if (args.length == 0) {
      return TOP;
    }
    if (args.length == 1) {
      return isHelpOption(args[0]) || args[0].equals("help") ? TOP : null;
    }
    if (args.length == 2 && args[0].equals("help") && isName(args[1])) {
      return args[1];
    }
    if (args.length == 2 && isHelpOption(args[1]) && isName(args[0])) {
      return args[0];
    }
    return null;
  }

  /**
   * Returns whether picocli 4.7's {@code Help.Ansi.AUTO} would colour the usage, restated here
   * because loading that enum verifies and links most of picocli's help classes (which predate Java
   * 6, so the class-data archive cannot spare that work); null on Windows, where picocli also
   * consults Jansi and pseudo-terminals, so that picocli decides there. {@code picocli.ansi} is
   * handled by leaving any {@code picocli.*} property to picocli. {@code HelpTextTest} checks the
   * rule against picocli's answer.
   */
  static @Nullable Boolean colours(Map<String, String> env, String osName) {
    if (osName.toLowerCase(Locale.ROOT).contains("win")) {
      return null;
    }
    if (env.get("NO_COLOR") != null) {
      return false;
    }
    String force = env.get("CLICOLOR_FORCE");
    if (force != null && !force.equals("0")) {
      return true;
    }
    if ("0".equals(env.get("CLICOLOR")) || "OFF".equals(env.get("ConEmuANSI"))) {
      return false;
    }
    return terminal();
  }

  /**
   * Returns whether standard input and output are a terminal, as picocli tells: a console, and on
   * Java 22 or later one whose {@code isTerminal()} says so.
   */
  static boolean terminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    if (Runtime.version().feature() < 22) {
      return true;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true;
    }
  }

  private static boolean isHelpOption(String arg) {
    return arg.equals("-h") || arg.equals("--help");
  }

  /** A subcommand name as the texts are named: lowercase letters and digits, not the top level. */
  private static boolean isName(String arg) {
    if (arg.isEmpty() || arg.length() > 32 || arg.equals(TOP)) {
      return false;
    }
    for (int i = 0; i < arg.length(); i++) {
      char c = arg.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  static boolean picocliConfigured() {
    for (Object key : System.getProperties().keySet()) {
      if (key instanceof String name && name.startsWith("picocli.")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the charset picocli writes standard output in: {@code sun.stdout.encoding} when set and
   * known ({@code cp65001} is UTF-8), else the default charset. Printing the text in any other
   * would change the bytes of its non-ASCII characters (the k8s usage has an ellipsis).
   */
  static Charset outputCharset() {
    return outputCharset("sun.stdout.encoding");
  }

  /** Returns the charset picocli writes in for {@code property} (standard output or error). */
  static Charset outputCharset(String property) {
    String name = System.getProperty(property);
    if (name != null) {
      try {
        return Charset.forName(name.equalsIgnoreCase("cp65001") ? "UTF-8" : name);
      } catch (IllegalArgumentException e) {
        // picocli falls back to the default charset too
      }
    }
    return Charset.defaultCharset();
  }

  static String file(String name, boolean ansi) {
    return name + (ansi ? ".ansi.txt" : ".txt");
  }
}
