package dev.regdoctor.testkit;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A text dump of a module's public API, in the spirit of OkHttp's checked-in {@code okhttp.api}:
 * every public type outside {@code internal} packages with its public and protected members, one
 * line each, sorted. A module's test compares the dump of its compiled classes with the file
 * checked in beside its POM, so that every change to the public API shows in review.
 */
public final class ApiDump {
  private final List<String> lines;

  private ApiDump(List<String> lines) {
    this.lines = List.copyOf(lines);
  }

  /**
   * Reads the classes compiled to {@code classesDir} (such as {@code target/classes}) with {@code
   * loader} and dumps those in packages under {@code rootPackage} that are not internal.
   */
  public static ApiDump of(Path classesDir, String rootPackage, ClassLoader loader)
      throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classesDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        String name = classesDir.relativize(file).toString().replace('\\', '/').replace('/', '.');
        name = name.substring(0, name.length() - ".class".length());
        if (!name.startsWith(rootPackage + ".") || name.contains(".internal.")) {
          continue;
        }
        Class<?> type;
        try {
          type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
          throw new IOException("cannot load " + name, e);
        }
        if (isApi(type)) {
          dump(type, lines);
        }
      }
    }
    return new ApiDump(lines);
  }

  /** Package prefixes of the libraries no public signature may name. */
  public static final List<String> THIRD_PARTY =
      List.of("okhttp3.", "com.fasterxml.", "io.github.resilience4j.", "picocli.");

  /**
   * Returns the dump of a module's {@code target/classes} under {@code rootPackage} (run from the
   * module's directory, as Surefire does), and with {@code -Dregdoctor.api.update=true} first
   * writes it to {@code api/<module>.api}, the file checked in beside the module's POM.
   */
  public static ApiDump ofModule(String module, String rootPackage, Class<?> anchor)
      throws IOException {
    Path classes = Path.of("target", "classes");
    ApiDump dump = of(classes, rootPackage, loaderFor(classes, anchor.getClassLoader()));
    if (Boolean.getBoolean("regdoctor.api.update")) {
      Files.createDirectories(checkedIn(module).getParent());
      dump.write(checkedIn(module));
    }
    return dump;
  }

  /** Returns the checked-in dump of {@code module}: {@code api/<module>.api}. */
  public static Path checkedIn(String module) {
    return Path.of("api", module + ".api");
  }

  /** Returns the dump's lines, sorted by type, then member. */
  public List<String> lines() {
    return lines;
  }

  /** Returns the dump as text, one line each, ending with a newline. */
  public String text() {
    return String.join("\n", lines) + "\n";
  }

  /** Returns the lines that name a type from one of {@code packagePrefixes}. */
  public List<String> naming(String... packagePrefixes) {
    return lines.stream()
        .filter(l -> Arrays.stream(packagePrefixes).anyMatch(l::contains))
        .toList();
  }

  /** Writes the dump to {@code file}. */
  public void write(Path file) throws IOException {
    Files.writeString(file, text(), StandardCharsets.UTF_8);
  }

  /** Returns a URL class loader over {@code classesDir} whose parent is {@code parent}. */
  public static ClassLoader loaderFor(Path classesDir, ClassLoader parent) throws IOException {
    return new URLClassLoader(new java.net.URL[] {classesDir.toUri().toURL()}, parent);
  }

  private static boolean isApi(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return !type.isSynthetic() && !type.isAnonymousClass() && !type.isLocalClass();
  }

  private static void dump(Class<?> type, List<String> lines) {
    String name = type.getName();
    StringBuilder head = new StringBuilder(name).append(" : ").append(kind(type));
    if (type.getGenericSuperclass() != null
        && type.getSuperclass() != Object.class
        && type.getSuperclass() != Record.class
        && type.getSuperclass() != Enum.class) {
      head.append(" extends ").append(type.getGenericSuperclass().getTypeName());
    }
    if (type.getGenericInterfaces().length > 0) {
      head.append(" implements ")
          .append(
              String.join(
                  ", ",
                  Arrays.stream(type.getGenericInterfaces()).map(t -> t.getTypeName()).toList()));
    }
    lines.add(head.toString());
    List<String> members = new ArrayList<>();
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (visible(constructor)) {
        members.add(constructor.toGenericString());
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (visible(method) && !method.isBridge()) {
        members.add(method.toGenericString());
      }
    }
    for (Field field : type.getDeclaredFields()) {
      if (visible(field)) {
        members.add(field.toGenericString());
      }
    }
    members.stream().sorted().forEach(m -> lines.add(name + " | " + m));
  }

  private static String kind(Class<?> type) {
    String modifiers = Modifier.toString(type.getModifiers() & ~Modifier.INTERFACE);
    String kind =
        type.isRecord()
            ? "record"
            : type.isEnum()
                ? "enum"
                : type.isAnnotation() ? "@interface" : type.isInterface() ? "interface" : "class";
    return (modifiers.isEmpty() ? "" : modifiers + " ") + kind;
  }

  private static boolean visible(Member member) {
    int modifiers = member.getModifiers();
    return !member.isSynthetic()
        && (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers));
  }
}
