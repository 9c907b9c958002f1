package dev.regdoctor.credentials;

import static dev.regdoctor.internal.json.JsonTrees.pointer;
import static dev.regdoctor.internal.json.JsonTrees.requireObject;
import static dev.regdoctor.internal.json.JsonTrees.string;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.internal.json.JsonTrees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes docker config documents the way docker/cli's {@code ConfigFile.LoadFromReader} does:
 * first every known field is type-checked (Go's decoder fails on the first mismatch), then every
 * {@code auth} is decoded.
 */
final class DockerConfigParser {

  /** How docker's {@code ConfigFile} struct types each known top-level member. */
  private enum Shape {
    STRING,
    STRING_MAP,
    STRING_ARRAY,
    NESTED_STRING_MAP,
    PROXIES,
    AUTHS
  }

  private static final Map<String, Shape> CONFIG_FILE_FIELDS = new LinkedHashMap<>();

  static {
    CONFIG_FILE_FIELDS.put("auths", Shape.AUTHS);
    CONFIG_FILE_FIELDS.put("httpheaders", Shape.STRING_MAP);
    for (String name :
        List.of(
            "psFormat",
            "imagesFormat",
            "networksFormat",
            "pluginsFormat",
            "volumesFormat",
            "statsFormat",
            "detachKeys",
            "credsStore",
            "serviceInspectFormat",
            "servicesFormat",
            "tasksFormat",
            "secretFormat",
            "configFormat",
            "nodesFormat",
            "currentContext")) {
      CONFIG_FILE_FIELDS.put(name.toLowerCase(Locale.ROOT), Shape.STRING);
    }
    CONFIG_FILE_FIELDS.put("credhelpers", Shape.STRING_MAP);
    CONFIG_FILE_FIELDS.put("prunefilters", Shape.STRING_ARRAY);
    CONFIG_FILE_FIELDS.put("proxies", Shape.PROXIES);
    CONFIG_FILE_FIELDS.put("clipluginsextradirs", Shape.STRING_ARRAY);
    CONFIG_FILE_FIELDS.put("plugins", Shape.NESTED_STRING_MAP);
    CONFIG_FILE_FIELDS.put("aliases", Shape.STRING_MAP);
    CONFIG_FILE_FIELDS.put("features", Shape.STRING_MAP);
  }

  /** The string fields of docker/cli's {@code types.AuthConfig}. */
  private static final List<String> AUTH_FIELDS =
      List.of("username", "password", "auth", "serveraddress", "identitytoken", "registrytoken");

  /** The string fields of the pre-23.0 {@code AuthConfig}, which still had {@code email}. */
  private static final List<String> LEGACY_AUTH_FIELDS =
      List.of(
          "username",
          "password",
          "auth",
          "email",
          "serveraddress",
          "identitytoken",
          "registrytoken");

  private static final List<String> PROXY_FIELDS =
      List.of("httpProxy", "httpsProxy", "noProxy", "ftpProxy", "allProxy");

  private static final String BOM = "\uFEFF";

  private DockerConfigParser() {}

  /** A raw {@code auths} member awaiting decoding. */
  private record RawEntry(String key, JsonNode node, String pointer) {}

  static DockerConfig parseConfigFile(String json, String source) {
    List<CredentialProblem> problems = new ArrayList<>();
    String text = json;
    if (text.startsWith(BOM)) {
      text = text.substring(1);
      problems.add(
          new CredentialProblem(
              CredentialProblem.Kind.CONFIG_INVALID,
              source,
              "starts with a UTF-8 byte order mark; the docker CLI cannot parse it (\"invalid"
                  + " character 'ï' looking for beginning of value\") and pulls without its"
                  + " credentials; save it as UTF-8 without BOM"));
    }
    JsonNode root = JsonTrees.parseFirst(text, source);
    if (root == null || root.isNull()) {
      return new DockerConfig(source, List.of(), null, Map.of(), problems);
    }
    requireObject(root, source, "");

    // Go reuses a map when a member appears twice (in any letter case), so entries merge.
    Map<String, RawEntry> auths = new LinkedHashMap<>();
    Map<String, String> credHelpers = new LinkedHashMap<>();
    String credsStore = "";
    for (Map.Entry<String, JsonNode> member : root.properties()) {
      String name = member.getKey();
      Shape shape = CONFIG_FILE_FIELDS.get(name.toLowerCase(Locale.ROOT));
      if (shape == null) {
        continue;
      }
      JsonNode value = member.getValue();
      String at = pointer("", name);
      switch (shape) {
        case AUTHS:
          collectEntries(value, source, at, auths);
          break;
        case STRING:
          String stringValue = string(value, source, at);
          if (name.equalsIgnoreCase("credsStore")) {
            credsStore = stringValue;
          }
          break;
        case STRING_MAP:
          JsonTrees.requireStringMap(value, source, at);
          if (name.equalsIgnoreCase("credHelpers") && value.isObject()) {
            for (Map.Entry<String, JsonNode> helper : value.properties()) {
              credHelpers.put(helper.getKey(), string(helper.getValue(), source, at));
            }
          }
          break;
        case STRING_ARRAY:
          JsonTrees.requireStringArray(value, source, at);
          break;
        case NESTED_STRING_MAP:
          requireObject(value, source, at);
          for (Map.Entry<String, JsonNode> inner : value.properties()) {
            JsonTrees.requireStringMap(inner.getValue(), source, pointer(at, inner.getKey()));
          }
          break;
        case PROXIES:
          requireObject(value, source, at);
          for (Map.Entry<String, JsonNode> proxy : value.properties()) {
            checkStruct(proxy.getValue(), PROXY_FIELDS, source, pointer(at, proxy.getKey()));
          }
          break;
        default:
          throw new IllegalStateException(shape.name());
      }
    }
    for (RawEntry raw : auths.values()) {
      checkStruct(raw.node(), AUTH_FIELDS, source, raw.pointer());
    }
    List<DockerConfig.AuthEntry> entries = new ArrayList<>();
    for (RawEntry raw : auths.values()) {
      entries.add(decodeEntry(raw, source));
    }
    return new DockerConfig(source, entries, credsStore, credHelpers, problems);
  }

  static DockerConfig parseLegacy(String json, String source) {
    String text = json.startsWith(BOM) ? json.substring(1) : json;
    JsonNode root = JsonTrees.parseWhole(text, source, "");
    requireObject(root, source, "");
    Map<String, RawEntry> auths = new LinkedHashMap<>();
    collectEntries(root, source, "", auths);
    for (RawEntry raw : auths.values()) {
      checkStruct(raw.node(), LEGACY_AUTH_FIELDS, source, raw.pointer());
    }
    List<DockerConfig.AuthEntry> entries = new ArrayList<>();
    for (RawEntry raw : auths.values()) {
      entries.add(decodeEntry(raw, source));
    }
    return new DockerConfig(source, entries, null, Map.of(), List.of());
  }

  static DockerConfig parseAuthConfigVariable(String value) {
    String source = DockerConfig.AUTH_CONFIG_VARIABLE;
    JsonNode root = JsonTrees.parseFirst(value, source);
    if (root == null || root.isNull()) {
      return DockerConfig.empty(source);
    }
    requireObject(root, source, "");
    if (hasMoreContent(value)) {
      throw new ConfigException(source, "", "does not support more than one JSON object");
    }
    Map<String, RawEntry> auths = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> member : root.properties()) {
      if (!member.getKey().equalsIgnoreCase("auths")) {
        throw new ConfigException(
            source, pointer("", member.getKey()), "unknown field (only \"auths\" is supported)");
      }
      collectEntries(member.getValue(), source, pointer("", member.getKey()), auths);
    }
    List<DockerConfig.AuthEntry> entries = new ArrayList<>();
    for (RawEntry raw : auths.values()) {
      JsonNode node = raw.node();
      String auth = "";
      if (node.isObject()) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          String at = pointer(raw.pointer(), field.getKey());
          if (!field.getKey().equalsIgnoreCase("auth")) {
            throw new ConfigException(source, at, "unknown field (only \"auth\" is supported)");
          }
          auth = string(field.getValue(), source, at);
        }
      } else {
        requireObject(node, source, raw.pointer());
      }
      if (auth.isEmpty()) {
        throw new ConfigException(source, raw.pointer(), "missing key \"auth\"");
      }
      AuthField.UserPassword decoded =
          AuthField.decodeDocker(auth, source, pointer(raw.pointer(), "auth"));
      entries.add(
          new DockerConfig.AuthEntry(
              raw.key(), source, decoded.username(), secretOrNull(decoded.password()), null, null));
    }
    return new DockerConfig(source, entries, null, Map.of(), List.of());
  }

  private static void collectEntries(
      JsonNode value, String source, String at, Map<String, RawEntry> into) {
    requireObject(value, source, at);
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      String entryPointer = pointer(at, entry.getKey());
      into.remove(entry.getKey());
      into.put(entry.getKey(), new RawEntry(entry.getKey(), entry.getValue(), entryPointer));
    }
  }

  /** Type-checks a Go struct of string fields: object or null, known fields strings or null. */
  private static void checkStruct(JsonNode node, List<String> fields, String source, String at) {
    requireObject(node, source, at);
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      for (String field : fields) {
        if (member.getKey().equalsIgnoreCase(field)) {
          string(member.getValue(), source, pointer(at, member.getKey()));
        }
      }
    }
  }

  private static DockerConfig.AuthEntry decodeEntry(RawEntry raw, String source) {
    JsonNode node = raw.node();
    if (node.isNull()) {
      return new DockerConfig.AuthEntry(raw.key(), source, null, null, null, null);
    }
    String username = fieldText(node, "username");
    String password = fieldText(node, "password");
    Map.Entry<String, JsonNode> auth = JsonTrees.field(node, "auth");
    if (auth != null && auth.getValue().isTextual() && !auth.getValue().textValue().isEmpty()) {
      AuthField.UserPassword decoded =
          AuthField.decodeDocker(
              auth.getValue().textValue(), source, pointer(raw.pointer(), auth.getKey()));
      username = decoded.username();
      password = decoded.password();
    }
    return new DockerConfig.AuthEntry(
        raw.key(),
        source,
        username,
        secretOrNull(password),
        secretOrNull(fieldText(node, "identitytoken")),
        secretOrNull(fieldText(node, "registrytoken")));
  }

  private static String fieldText(JsonNode node, String name) {
    Map.Entry<String, JsonNode> member = JsonTrees.field(node, name);
    return member == null || !member.getValue().isTextual() ? "" : member.getValue().textValue();
  }

  static @Nullable Secret secretOrNull(@Nullable String value) {
    return value == null || value.isEmpty() ? null : Secret.of(value);
  }

  /** Approximates Go's {@code Decoder.More()} after the first top-level value. */
  private static boolean hasMoreContent(String text) {
    int depth = 0;
    boolean inString = false;
    int i = 0;
    int n = text.length();
    // Skip the first value: track nesting outside strings until depth returns to zero.
    boolean started = false;
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
        started = true;
      } else if (c == '}' || c == ']') {
        depth--;
        if (started && depth == 0) {
          i++;
          break;
        }
      }
    }
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        continue;
      }
      return c != ']' && c != '}';
    }
    return false;
  }
}
