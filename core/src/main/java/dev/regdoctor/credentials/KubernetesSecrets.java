package dev.regdoctor.credentials;

import static dev.regdoctor.internal.json.JsonTrees.pointer;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.regdoctor.internal.json.JsonInput;
import dev.regdoctor.internal.json.JsonTrees;
import dev.regdoctor.internal.json.YamlInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads Kubernetes Secret manifests and matches image names against their keys exactly as the
 * kubelet does (kubernetes {@code pkg/credentialprovider/keyring.go} and {@code config.go}).
 */
public final class KubernetesSecrets {

  private static final ObjectReader YAML_READER =
      new ObjectMapper(YamlInput.factory()).readerFor(JsonNode.class);

  private static final String DOCKER_CONFIG_JSON_KEY = ".dockerconfigjson";
  private static final String DOCKERCFG_KEY = ".dockercfg";
  private static final String FAILS_EVERY_PULL =
      "; the kubelet fails every pull of a pod that lists this secret";

  private KubernetesSecrets() {}

  /**
   * Parses Secrets from YAML (several documents separated by {@code ---}) or JSON: single Secrets
   * and lists ({@code kind: List}, {@code SecretList}, …, with {@code items}). Objects of other
   * kinds are skipped. Values come from {@code data} (base64) merged with {@code stringData}
   * (plain, taking precedence, as the API server does).
   *
   * <p>Problems inside a Secret (wrong type or key, bad base64, JSON or {@code auth}) do not throw:
   * they are {@link PullSecret#problems()} whose messages begin with a JSON pointer such as {@code
   * /data/.dockerconfigjson/auths/registry.example.com/auth}, and set {@link PullSecret#status()}.
   *
   * @param sourceName the file name, used in {@link PullSecret#source()} and messages
   * @throws ConfigException if the text is not YAML or JSON at all (the reason gives line and
   *     column, never content)
   */
  public static List<PullSecret> parse(String text, String sourceName) {
    requireNonNull(text, "text");
    requireNonNull(sourceName, "sourceName");
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<JsonNode> documents = new ArrayList<>();
    String trimmed = body.strip();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      documents.add(JsonTrees.parseWhole(body, sourceName, ""));
    } else {
      YamlInput.checkLines(body, sourceName);
      documents.addAll(readYaml(body, sourceName));
    }
    List<PullSecret> secrets = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      String source =
          documents.size() > 1 ? sourceName + " (document " + (i + 1) + ")" : sourceName;
      collect(documents.get(i), "", source, secrets);
    }
    return List.copyOf(secrets);
  }

  private static List<JsonNode> readYaml(String body, String sourceName) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> iterator = YAML_READER.readValues(body)) {
      while (iterator.hasNextValue()) {
        JsonNode document = iterator.nextValue();
        if (document != null) {
          documents.add(document);
        }
      }
    } catch (JsonProcessingException e) {
      // as regdoctor k8s says it (the parser's quotes of the input, which may be secret, left out)
      throw new ConfigException(
          sourceName, "", YamlInput.syntaxError(body, false, e) + YamlInput.limitHit(e));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          sourceName,
          "",
          "invalid YAML (" + e.getClass().getSimpleName() + ")" + YamlInput.limitHit(e));
    }
    return documents;
  }

  private static void collect(JsonNode node, String at, String source, List<PullSecret> into) {
    if (!node.isObject()) {
      return;
    }
    String kind = scalar(node.get("kind"));
    if ("Secret".equals(kind)) {
      into.add(toSecret(node, at, source));
      return;
    }
    JsonNode items = node.get("items");
    if (kind != null && kind.endsWith("List") && items != null && items.isArray()) {
      for (int i = 0; i < items.size(); i++) {
        collect(items.get(i), pointer(pointer(at, "items"), i), source, into);
      }
    }
  }

  private static PullSecret toSecret(JsonNode node, String at, String source) {
    JsonNode metadata = node.get("metadata");
    String name = metadata == null ? null : scalar(metadata.get("name"));
    String namespace = metadata == null ? null : scalar(metadata.get("namespace"));
    String type = scalar(node.get("type"));
    String label =
        "secret "
            + (namespace == null || namespace.isEmpty() ? "default" : namespace)
            + "/"
            + (name == null ? "" : name);
    List<CredentialProblem> problems = new ArrayList<>();
    if (name == null || name.isEmpty()) {
      problems.add(problem(label, pointer(at, "metadata") + "/name", "missing"));
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    Map<String, String> pointers = new LinkedHashMap<>();
    readData(node.get("data"), pointer(at, "data"), true, label, data, pointers, problems);
    readData(
        node.get("stringData"), pointer(at, "stringData"), false, label, data, pointers, problems);

    String secretType = type == null || type.isEmpty() ? "Opaque" : type;
    PullSecret.Status status;
    List<PullSecret.Entry> entries = new ArrayList<>();
    byte[] configJson = data.get(DOCKER_CONFIG_JSON_KEY);
    byte[] dockercfg = data.get(DOCKERCFG_KEY);
    if (secretType.equals(PullSecret.TYPE_DOCKER_CONFIG_JSON) && nonEmpty(configJson)) {
      status =
          decodeDocument(
              configJson, true, pointers.get(DOCKER_CONFIG_JSON_KEY), label, entries, problems);
    } else if (secretType.equals(PullSecret.TYPE_DOCKERCFG) && nonEmpty(dockercfg)) {
      status =
          decodeDocument(dockercfg, false, pointers.get(DOCKERCFG_KEY), label, entries, problems);
    } else {
      status = PullSecret.Status.IGNORED;
      boolean undecodable =
          problems.stream()
              .anyMatch(
                  p ->
                      p.message()
                              .startsWith(
                                  pointer(pointer(at, "data"), DOCKER_CONFIG_JSON_KEY) + ": ")
                          || p.message()
                              .startsWith(pointer(pointer(at, "data"), DOCKERCFG_KEY) + ": "));
      if (!undecodable) {
        problems.add(ignoredReason(secretType, configJson, dockercfg, at, label));
      }
    }
    return new PullSecret(
        source,
        namespace == null || namespace.isEmpty() ? "default" : namespace,
        name == null ? "" : name,
        secretType,
        status,
        entries,
        problems);
  }

  private static void readData(
      @Nullable JsonNode section,
      String at,
      boolean base64,
      String label,
      Map<String, byte[]> data,
      Map<String, String> pointers,
      List<CredentialProblem> problems) {
    if (section == null || section.isNull()) {
      return;
    }
    if (!section.isObject()) {
      problems.add(problem(label, at, "expected a map but found " + JsonInput.typeName(section)));
      return;
    }
    for (Map.Entry<String, JsonNode> member : section.properties()) {
      String key = member.getKey();
      String keyPointer = pointer(at, key);
      JsonNode value = member.getValue();
      if (value.isNull()) {
        continue;
      }
      if (!value.isValueNode()) {
        problems.add(
            problem(label, keyPointer, "expected a string but found " + JsonInput.typeName(value)));
        continue;
      }
      String text = value.asText();
      byte[] bytes;
      if (base64) {
        bytes = AuthField.decodeBase64(text, true);
        if (bytes == null) {
          problems.add(
              problem(
                  label, keyPointer, "not valid base64 (the API server rejects this manifest)"));
          continue;
        }
      } else {
        bytes = text.getBytes(StandardCharsets.UTF_8);
      }
      data.put(key, bytes);
      pointers.put(key, keyPointer);
    }
  }

  private static CredentialProblem ignoredReason(
      String type,
      byte @Nullable [] configJson,
      byte @Nullable [] dockercfg,
      String at,
      String label) {
    String typePointer = pointer(at, "type");
    if (type.equals(PullSecret.TYPE_DOCKER_CONFIG_JSON)) {
      return keyNotUsable(type, DOCKER_CONFIG_JSON_KEY, configJson, at, label);
    }
    if (type.equals(PullSecret.TYPE_DOCKERCFG)) {
      return keyNotUsable(type, DOCKERCFG_KEY, dockercfg, at, label);
    }
    if (configJson != null || dockercfg != null) {
      return problem(
          label,
          typePointer,
          "type is "
              + type
              + ", but the kubelet reads only type "
              + PullSecret.TYPE_DOCKER_CONFIG_JSON
              + " (key "
              + DOCKER_CONFIG_JSON_KEY
              + ") or "
              + PullSecret.TYPE_DOCKERCFG
              + " (key "
              + DOCKERCFG_KEY
              + "); ignored by the kubelet");
    }
    return problem(
        label, typePointer, "not an image pull secret (type " + type + "); ignored by the kubelet");
  }

  /** The problem for a secret of {@code type} whose required {@code key} is missing or empty. */
  private static CredentialProblem keyNotUsable(
      String type, String key, byte @Nullable [] value, String at, String label) {
    return problem(
        label,
        pointer(pointer(at, "data"), key),
        (value == null ? "missing" : "empty")
            + ": type "
            + type
            + " needs key "
            + key
            + "; ignored by the kubelet");
  }

  /** Decodes a {@code .dockerconfigjson} or {@code .dockercfg} value as the kubelet does. */
  private static PullSecret.Status decodeDocument(
      byte[] bytes,
      boolean configJson,
      String at,
      String label,
      List<PullSecret.Entry> entries,
      List<CredentialProblem> problems) {
    try {
      String text = new String(bytes, StandardCharsets.UTF_8);
      JsonNode root = JsonTrees.parseWhole(text, label, at);
      JsonTrees.requireObject(root, label, at);
      Map<String, JsonNode> auths = new LinkedHashMap<>();
      Map<String, String> entryPointers = new LinkedHashMap<>();
      if (configJson) {
        for (Map.Entry<String, JsonNode> member : root.properties()) {
          String memberPointer = pointer(at, member.getKey());
          if (member.getKey().equalsIgnoreCase("auths")) {
            collectAuths(member.getValue(), memberPointer, label, auths, entryPointers);
          } else if (member.getKey().equalsIgnoreCase("HttpHeaders")) {
            JsonTrees.requireStringMap(member.getValue(), label, memberPointer);
          }
        }
      } else {
        collectAuths(root, at, label, auths, entryPointers);
      }
      List<PullSecret.Entry> decoded = new ArrayList<>();
      List<CredentialProblem> entryProblems = new ArrayList<>();
      for (Map.Entry<String, JsonNode> auth : auths.entrySet()) {
        decoded.add(
            decodeEntry(
                auth.getKey(),
                auth.getValue(),
                entryPointers.get(auth.getKey()),
                label,
                entryProblems));
      }
      entries.addAll(decoded);
      problems.addAll(entryProblems);
      return PullSecret.Status.USABLE;
    } catch (ConfigException e) {
      problems.add(problem(label, e.pointer(), e.reason() + FAILS_EVERY_PULL));
      return PullSecret.Status.INVALID;
    }
  }

  private static void collectAuths(
      JsonNode value,
      String at,
      String label,
      Map<String, JsonNode> auths,
      Map<String, String> entryPointers) {
    JsonTrees.requireObject(value, label, at);
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      auths.remove(entry.getKey());
      auths.put(entry.getKey(), entry.getValue());
      entryPointers.put(entry.getKey(), pointer(at, entry.getKey()));
    }
  }

  private static PullSecret.Entry decodeEntry(
      String key, JsonNode node, String at, String label, List<CredentialProblem> problems) {
    JsonTrees.requireObject(node, label, at);
    String username = "";
    String password = "";
    String auth = "";
    boolean hasToken = false;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      String fieldPointer = pointer(at, name);
      if (name.equalsIgnoreCase("username")) {
        username = JsonTrees.string(field.getValue(), label, fieldPointer);
      } else if (name.equalsIgnoreCase("password")) {
        password = JsonTrees.string(field.getValue(), label, fieldPointer);
      } else if (name.equalsIgnoreCase("email")) {
        JsonTrees.string(field.getValue(), label, fieldPointer);
      } else if (name.equalsIgnoreCase("auth")) {
        auth = JsonTrees.string(field.getValue(), label, fieldPointer);
      } else if (name.equalsIgnoreCase("identitytoken") || name.equalsIgnoreCase("registrytoken")) {
        hasToken =
            hasToken || (field.getValue().isTextual() && !field.getValue().asText().isEmpty());
      }
    }
    if (!auth.isEmpty()) {
      Map.Entry<String, JsonNode> authField = JsonTrees.field(node, "auth");
      String authPointer = pointer(at, authField == null ? "auth" : authField.getKey());
      AuthField.UserPassword decoded = AuthField.decodeKubelet(auth, label, authPointer);
      username = decoded.username();
      password = decoded.password();
    }
    String kubeletKey = KubeletKeyring.normalizeKey(key);
    if (kubeletKey == null) {
      problems.add(problem(label, at, "the kubelet cannot parse this key as a URL and skips it"));
    }
    if (username.isEmpty() && password.isEmpty()) {
      problems.add(
          problem(
              label,
              at,
              hasToken
                  ? "has only an identitytoken or registrytoken, which the kubelet ignores; it"
                      + " pulls anonymously with this entry"
                  : "has no user name and password; the kubelet pulls anonymously with this"
                      + " entry"));
    } else if (username.isEmpty() || password.isEmpty()) {
      problems.add(
          problem(
              label, at, username.isEmpty() ? "has an empty user name" : "has an empty password"));
    }
    return new PullSecret.Entry(
        key, kubeletKey, username, DockerConfigParser.secretOrNull(password));
  }

  /**
   * Returns whether the kubelet would use a credential stored under {@code key} for {@code
   * imageName} if it were the only key: the key, normalised as {@code BasicDockerKeyring.Add} does
   * ({@code https://} added when there is no {@code http(s)://}, scheme dropped, a leading {@code
   * /v1/} or {@code /v2/} reduced to {@code /}), matches when the port is equal, the host has the
   * same number of labels and each label matches as a {@code filepath.Match} glob ({@code
   * *.example.com} matches {@code a.example.com} only), and the key's path is a <em>string</em>
   * prefix of the image path ({@code registry.example.com/team} also matches {@code
   * registry.example.com/teamx/app}). Docker Hub images (and, by the kubelet's heuristic, images
   * whose first component has no {@code .} or {@code :}, such as {@code localhost/app}) fall back
   * to a key {@code index.docker.io} (e.g. {@code https://index.docker.io/v1/}).
   *
   * @param key the key as written in the secret
   * @param imageName the normalised image without tag, e.g. {@code docker.io/library/nginx}
   */
  public static boolean kubeletMatches(String key, String imageName) {
    requireNonNull(key, "key");
    requireNonNull(imageName, "imageName");
    String normalized = KubeletKeyring.normalizeKey(key);
    if (normalized == null) {
      return false;
    }
    return KubeletKeyring.urlsMatch(normalized, imageName)
        || (normalized.equals(KubeletKeyring.DEFAULT_REGISTRY_HOST)
            && KubeletKeyring.isDefaultRegistryMatch(imageName));
  }

  /** Returns {@code registry/repository}, the name the kubelet looks up. */
  static String imageName(String registry, String repository) {
    return repository.isEmpty() ? registry : registry + "/" + repository;
  }

  private static boolean nonEmpty(byte @Nullable [] bytes) {
    return bytes != null && bytes.length > 0;
  }

  private static @Nullable String scalar(@Nullable JsonNode node) {
    return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
  }

  private static CredentialProblem problem(String label, String at, String reason) {
    return new CredentialProblem(
        CredentialProblem.Kind.CONFIG_INVALID, label, (at.isEmpty() ? "" : at + ": ") + reason);
  }
}
