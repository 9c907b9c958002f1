package dev.regdoctor.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * Runs an ordinary {@code regdoctor diagnose …} command line without building picocli's command
 * model, which took about 80 ms of a cold {@code diagnose} (issue 16): reflection over the
 * annotations of the command and its mixins, and picocli's own class files, which predate Java 6
 * and are verified on every run.
 *
 * <p>The options are not restated here. {@code mvn process-classes} ({@link HelpText#main}) writes
 * {@code usage/diagnose.options} from picocli's model of {@link DiagnoseCommand}: each option's
 * names, arity, field, type and default. This class reads that table and accepts only what it can
 * parse exactly as picocli does: options given once each (list options any number of times), with
 * their value as the next argument or after {@code =}, values of the types {@code boolean, int,
 * String, Duration, Path} and lists of {@code String} or {@code Path}, and images that do not start
 * with {@code -} or {@code @}. Anything else — help, an unknown or repeated option, {@code --}, an
 * argument file, a value picocli might convert differently, a {@code picocli.*} system property —
 * goes to picocli, which then prints the same errors and usage as always. {@code FastDiagnoseTest}
 * parses a few thousand generated command lines both ways and fails if a field differs, or if this
 * class accepts a line picocli rejects.
 *
 * <p>Once parsed, the command runs as picocli would run it: the same {@link DiagnoseCommand#call},
 * standard output and error wrapped as picocli wraps them, and failures handled by {@link
 * Cli#executionFailure}.
 */
final class FastDiagnose {
  static final String TABLE = "usage/diagnose.options";

  private static final String POSITIONAL = "@positional";
  private static final String NO_DEFAULT = "\u0000";

  private FastDiagnose() {}

  /**
   * One option (or the positional images) of the table. Not a record: a record's {@code hashCode}
   * starts the method-handle machinery on its first call, which cost more than the parsing.
   */
  static final class Entry {
    private final List<String> names;
    private final String arity;
    private final String type;
    private final String declaringClass;
    private final String field;
    private final @Nullable String defaultValue;

    Entry(
        List<String> names,
        String arity,
        String type,
        String declaringClass,
        String field,
        @Nullable String defaultValue) {
      this.names = names;
      this.arity = arity;
      this.type = type;
      this.declaringClass = declaringClass;
      this.field = field;
      this.defaultValue = defaultValue;
    }

    List<String> names() {
      return names;
    }

    String arity() {
      return arity;
    }

    String type() {
      return type;
    }

    String declaringClass() {
      return declaringClass;
    }

    String field() {
      return field;
    }

    @Nullable String defaultValue() {
      return defaultValue;
    }

    boolean list() {
      return type.startsWith("java.util.List<");
    }

    boolean flag() {
      return type.equals("boolean") && arity.equals("0");
    }

    /** Whether values of this entry are converted here exactly as picocli converts them. */
    boolean supported() {
      boolean single =
          arity.equals("1")
              && (type.equals("int")
                  || type.equals("java.lang.String")
                  || type.equals("java.time.Duration")
                  || type.equals("java.nio.file.Path"));
      boolean many =
          arity.equals("1")
              && (type.equals("java.util.List<java.lang.String>")
                  || type.equals("java.util.List<java.nio.file.Path>"));
      return flag() || single || many;
    }
  }

  /** Writes the table of {@link DiagnoseCommand}'s options into {@code directory}. */
  static void writeTable(Path directory) throws IOException {
    CommandLine.Model.CommandSpec spec =
        Cli.commandLine("diagnose").getSubcommands().get("diagnose").getCommandSpec();
    StringBuilder table = new StringBuilder();
    for (CommandLine.Model.OptionSpec option : spec.options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue; // -h and -V: HelpText or picocli answers them
      }
      boolean plain =
          !option.required()
              && !option.negatable()
              && !option.interactive()
              && option.splitRegex().isEmpty()
              && option.fallbackValue().isEmpty();
      table.append(line(String.join(",", option.names()), option, plain));
    }
    for (CommandLine.Model.PositionalParamSpec positional : spec.positionalParameters()) {
      table.append(line(POSITIONAL, positional, positional.splitRegex().isEmpty()));
    }
    Files.writeString(
        Files.createDirectories(directory).resolve("diagnose.options"),
        table.toString(),
        StandardCharsets.UTF_8);
  }

  private static String line(String names, CommandLine.Model.ArgSpec arg, boolean plain) {
    Field field = (Field) arg.userObject();
    String defaultValue = arg.defaultValue();
    return String.join(
            "\t",
            names,
            plain ? arg.arity().toString() : "unsupported",
            field.getGenericType().getTypeName(),
            field.getDeclaringClass().getName(),
            field.getName(),
            defaultValue == null ? NO_DEFAULT : defaultValue)
        + "\n";
  }

  /** The table once read (the warm-up and the parse both ask for it). */
  private static volatile @Nullable List<Entry> cachedTable;

  /** Reads the table from the jar, or returns null when it is missing or malformed. */
  static @Nullable List<Entry> table() {
    List<Entry> cached = cachedTable;
    if (cached == null) {
      cached = readTable();
      cachedTable = cached;
    }
    return cached;
  }

  /**
   * The images a {@code diagnose} command line names, read with the table as {@link #parse} reads
   * them, or null when this class would leave the line to picocli (then nobody should guess).
   */
  static @Nullable List<String> images(String[] args) {
    if (args.length < 2 || !args[0].equals("diagnose") || HelpText.picocliConfigured()) {
      return null;
    }
    List<Entry> table = table();
    Options options = table == null ? null : Options.of(table);
    Scan scan = options == null ? null : scan(args, options);
    return scan == null || scan.positional().isEmpty() ? null : scan.positional();
  }

  private static @Nullable List<Entry> readTable() {
    byte[] bytes = HelpText.ownResource(TABLE);
    if (bytes == null) {
      return null;
    }
    List<Entry> entries = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      String[] cells = line.split("\t", -1);
      if (cells.length != 6) {
        return null;
      }
      entries.add(
          new Entry(
              List.of(cells[0].split(",")),
              cells[1],
              cells[2],
              cells[3],
              cells[4],
              cells[5].equals(NO_DEFAULT) ? null : cells[5]));
    }
    return entries;
  }

  /**
   * Returns the command {@code args} run, its fields set as picocli would set them, or null when
   * picocli must parse them.
   */
  static @Nullable DiagnoseCommand parse(String[] args) {
    if (args.length < 2 || !args[0].equals("diagnose") || HelpText.picocliConfigured()) {
      return null;
    }
    List<Entry> table = table();
    if (table == null) {
      return null;
    }
    return parse(args, table);
  }

  static @Nullable DiagnoseCommand parse(String[] args, List<Entry> table) {
    Options options = Options.of(table);
    Scan scan = options == null ? null : scan(args, options);
    if (scan == null || scan.positional().isEmpty()) {
      return null;
    }
    Map<Entry, Object> values = scan.values();
    values.put(options.images(), scan.positional());
    for (Entry entry : table) {
      if (!values.containsKey(entry) && entry.defaultValue() != null) {
        Object converted = entry.supported() ? convert(entry.type(), entry.defaultValue()) : null;
        if (converted == null) {
          return null;
        }
        values.put(entry, converted);
      }
    }
    DiagnoseCommand command = new DiagnoseCommand();
    try {
      for (Map.Entry<Entry, Object> value : values.entrySet()) {
        set(command, value.getKey(), value.getValue());
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
    return command;
  }

  /** The table by option name, and its positional images entry. */
  private record Options(Map<String, Entry> byName, Entry images) {
    static @Nullable Options of(List<Entry> table) {
      Map<String, Entry> byName = new HashMap<>();
      Entry images = null;
      for (Entry entry : table) {
        if (entry.names().equals(List.of(POSITIONAL))) {
          if (images != null) {
            return null; // more than one positional parameter: picocli's business
          }
          images = entry;
        } else {
          for (String name : entry.names()) {
            byName.put(name, entry);
          }
        }
      }
      if (images == null
          || !images.arity().equals("1..*")
          || !images.type().equals("java.util.List<java.lang.String>")
          || images.defaultValue() != null) {
        return null;
      }
      return new Options(byName, images);
    }
  }

  /** The options' converted values and the positional arguments of one command line. */
  private record Scan(Map<Entry, Object> values, List<String> positional) {}

  private static @Nullable Scan scan(String[] args, Options options) {
    Map<Entry, Object> values = new HashMap<>();
    List<String> positional = new ArrayList<>();
    Set<Entry> seen = new HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("@")) {
        return null; // an argument file, expanded by picocli
      }
      if (!arg.startsWith("-")) {
        positional.add(arg);
        continue;
      }
      int equals = arg.startsWith("--") ? arg.indexOf('=') : -1;
      String name = equals < 0 ? arg : arg.substring(0, equals);
      Entry entry = options.byName().get(name);
      if (entry == null || !entry.supported() || (!seen.add(entry) && !entry.list())) {
        return null;
      }
      if (entry.flag()) {
        if (equals >= 0) {
          return null;
        }
        values.put(entry, Boolean.TRUE);
        continue;
      }
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        return null;
      }
      if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
        return null;
      }
      Object converted = convert(entry.type(), value);
      if (converted == null) {
        return null;
      }
      if (entry.list()) {
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) values.get(entry);
        if (list == null) {
          list = new ArrayList<>();
          values.put(entry, list);
        }
        list.add(converted);
      } else {
        values.put(entry, converted);
      }
    }
    return new Scan(values, positional);
  }

  /** Converts as picocli's converters do, or returns null where they might differ. */
  private static @Nullable Object convert(String type, String value) {
    String element =
        type.startsWith("java.util.List<") ? type.substring(15, type.length() - 1) : type;
    switch (element) {
      case "java.lang.String":
        return value;
      case "int":
        // digits without a leading zero or sign: the same number for every int converter
        if (value.length() > 9 || !value.matches("0|[1-9][0-9]*")) {
          return null;
        }
        return Integer.parseInt(value);
      case "java.time.Duration":
        try {
          return Cli.duration(value);
        } catch (CommandLine.TypeConversionException e) {
          return null;
        }
      case "java.nio.file.Path":
        try {
          return Path.of(value);
        } catch (InvalidPathException e) {
          return null;
        }
      default:
        return null;
    }
  }

  private static void set(DiagnoseCommand command, Entry entry, Object value)
      throws ReflectiveOperationException {
    Object holder = holder(command, entry.declaringClass());
    Field field = holder.getClass().getDeclaredField(entry.field());
    field.setAccessible(true);
    if (value instanceof List<?> list && field.get(holder) instanceof List<?>) {
      field.set(holder, new ArrayList<>(list));
    } else {
      field.set(holder, value);
    }
  }

  /** The command itself, or the mixin of {@code declaringClass} it holds. */
  private static Object holder(DiagnoseCommand command, String declaringClass)
      throws ReflectiveOperationException {
    if (declaringClass.equals(DiagnoseCommand.class.getName())) {
      return command;
    }
    for (Field field : DiagnoseCommand.class.getDeclaredFields()) {
      if (field.getType().getName().equals(declaringClass)) {
        field.setAccessible(true);
        return field.get(command);
      }
    }
    throw new NoSuchFieldException("no mixin of type " + declaringClass);
  }

  /**
   * Runs {@code command} as picocli's {@code execute} would: standard output and error as picocli
   * wraps them, the exit status of {@link DiagnoseCommand#call}, failures as {@link
   * Cli#executionFailure} reports them.
   */
  static int run(DiagnoseCommand command) {
    PrintWriter out = writer(System.out, "sun.stdout.encoding");
    PrintWriter err = writer(System.err, "sun.stderr.encoding");
    command.out = out;
    command.err = err;
    try {
      return command.call();
    } catch (Exception e) {
      return Cli.executionFailure(
          e, err, command.common.debug, ErrorText.ofLang(command.common.lang));
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static PrintWriter writer(java.io.OutputStream stream, String encodingProperty) {
    return new PrintWriter(
        new BufferedWriter(
            new OutputStreamWriter(stream, HelpText.outputCharset(encodingProperty))),
        true);
  }
}
