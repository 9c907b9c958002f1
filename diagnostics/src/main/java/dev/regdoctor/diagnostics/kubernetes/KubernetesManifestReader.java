package dev.regdoctor.diagnostics.kubernetes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.credentials.KubernetesSecrets;
import dev.regdoctor.credentials.PullSecret;
import dev.regdoctor.diagnostics.internal.ReportJson;
import dev.regdoctor.internal.json.YamlInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads Kubernetes manifests (YAML documents or JSON, single objects or {@code List}s) into {@link
 * KubernetesObjects}. Every node's line and column are kept, so a manifest kubectl would reject
 * fails with a {@link ConfigException} naming the file, document, JSON pointer, line and column;
 * messages never quote the input, which may hold secrets. Secrets are decoded by the credentials
 * module ({@link KubernetesSecrets}) exactly as the kubelet decodes them.
 */
final class KubernetesManifestReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
  private static final YAMLFactory YAML = YamlInput.factory();
  private static final Set<String> TEMPLATE_KINDS =
      Set.of(
          "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job");
  private static final String MERGE_KEY = "<<";
  private static final String POD_SPEC = "/spec";
  private static final String TEMPLATE_POD_SPEC = "/spec/template/spec";
  private static final String CRON_JOB_POD_SPEC = "/spec/jobTemplate/spec/template/spec";

  /** Lines that mark {@code kubectl describe} output or event text rather than manifests. */
  private static final Pattern EVENT_TEXT =
      Pattern.compile(
          "(?m)^Events:|Failed to pull image|ImagePullBackOff|ErrImagePull|Back-off pulling image|FailedToRetrieveImagePullSecret");

  /**
   * Quoted runs in parser messages, which may be input; short ones name a character or token type.
   */
  private final String defaultNamespace;

  private final List<KubernetesObjects.Workload> workloads = new ArrayList<>();
  private final List<KubernetesObjects.ServiceAccount> serviceAccounts = new ArrayList<>();
  private final List<PullSecret> secrets = new ArrayList<>();
  private YamlInput.AliasBudget budget = new YamlInput.AliasBudget("");
  private final List<KubernetesObjects.DuplicateKey> duplicates = new ArrayList<>();

  /** Duplicate keys of the document being parsed: pointer and where the repeated key stands. */
  private final List<Map.Entry<String, JsonLocation>> pendingDuplicates = new ArrayList<>();

  private KubernetesManifestReader(String defaultNamespace) {
    this.defaultNamespace = defaultNamespace;
  }

  /**
   * Reads every manifest; objects without a namespace are in {@code defaultNamespace}. Kinds other
   * than Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob,
   * ServiceAccount, Secret and lists of them are skipped.
   *
   * @throws ConfigException if a manifest is not YAML or JSON, or an object is malformed
   */
  static KubernetesObjects read(List<KubernetesManifest> manifests, String defaultNamespace) {
    KubernetesManifestReader reader = new KubernetesManifestReader(defaultNamespace);
    for (KubernetesManifest manifest : manifests) {
      reader.readManifest(manifest);
    }
    return new KubernetesObjects(
        reader.workloads, reader.serviceAccounts, reader.secrets, reader.duplicates);
  }

  /** One parsed document with the position of every node. */
  private record Document(String source, JsonNode root, Map<String, JsonLocation> locations) {

    ConfigException error(String pointer, String reason) {
      return new ConfigException(source, pointer, reason + position(pointer));
    }

    /**
     * Returns {@code " (line L, column C)"} for the node at {@code pointer} or its nearest
     * ancestor.
     */
    String position(String pointer) {
      for (String at = pointer; ; at = at.substring(0, at.lastIndexOf('/'))) {
        JsonLocation location = locations.get(at);
        if (location != null && location.getLineNr() > 0) {
          return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        if (at.isEmpty()) {
          return "";
        }
      }
    }
  }

  private void readManifest(KubernetesManifest manifest) {
    budget = new YamlInput.AliasBudget(manifest.source());
    List<Document> documents = parse(manifest);
    for (Document document : documents) {
      if (document.root().isNull()
          || document.root().isTextual() && document.root().asText().isEmpty()) {
        continue; // an empty document, e.g. between two --- lines
      }
      if (!document.root().isObject() && !document.root().isArray()) {
        throw notManifests(
            manifest,
            document.error(
                "", "expected a Kubernetes object but found " + typeName(document.root())));
      }
      readObject(document, manifest, document.root(), "");
    }
  }

  private List<Document> parse(KubernetesManifest manifest) {
    String text =
        manifest.text().startsWith("\uFEFF") ? manifest.text().substring(1) : manifest.text();
    String trimmed = text.stripLeading();
    boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
    if (!json) {
      YamlInput.checkLines(text, manifest.source());
    }
    List<Document> documents = new ArrayList<>();
    List<JsonNode> roots = new ArrayList<>();
    List<Map<String, JsonLocation>> locations = new ArrayList<>();
    try (JsonParser parser = json ? JSON.createParser(text) : YAML.createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        Map<String, JsonLocation> positions = new HashMap<>();
        pendingDuplicates.clear();
        roots.add(
            token == JsonToken.VALUE_NULL
                ? NODES.nullNode()
                : value(parser, "", positions, new HashMap<>()));
        locations.add(positions);
        for (Map.Entry<String, JsonLocation> duplicate : pendingDuplicates) {
          duplicates.add(
              new KubernetesObjects.DuplicateKey(
                  manifest.source() + (roots.size() > 1 ? " (document " + roots.size() + ")" : ""),
                  duplicate.getKey(),
                  duplicate.getValue().getLineNr(),
                  duplicate.getValue().getColumnNr()));
        }
      }
    } catch (JsonProcessingException e) {
      throw notManifests(
          manifest,
          new ConfigException(
              manifest.source(), "", syntaxError(text, json, e) + YamlInput.limitHit(e)));

    } catch (ConfigException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Not a parse error with a position (e.g. a YAML construct the parser cannot map): name only
      // the class.
      throw new ConfigException(
          manifest.source(),
          "",
          (json ? "invalid JSON" : "invalid YAML")
              + " ("
              + e.getClass().getSimpleName()
              + ")"
              + YamlInput.limitHit(e));
    }
    for (int i = 0; i < roots.size(); i++) {
      String source =
          roots.size() > 1 ? manifest.source() + " (document " + (i + 1) + ")" : manifest.source();
      documents.add(new Document(source, roots.get(i), locations.get(i)));
    }
    return documents;
  }

  /**
   * Builds the node at the parser's current token, recording where each node starts. YAML anchors,
   * aliases and {@code <<} merge keys are resolved, as kubectl's YAML decoder does.
   */
  private JsonNode value(
      JsonParser parser,
      String pointer,
      Map<String, JsonLocation> positions,
      Map<String, JsonNode> anchors)
      throws IOException {
    positions.put(pointer, parser.currentTokenLocation());
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      JsonNode anchored = anchors.get(yaml.getText());
      if (anchored == null) {
        throw new JsonParseException(
            parser,
            "unknown alias (YAML anchors do not reach into other documents)",
            parser.currentTokenLocation());
      }
      budget.alias();
      budget.copy(anchored);
      return anchored.deepCopy();
    }
    String anchor = parser instanceof YAMLParser yaml ? yaml.getObjectId() : null;
    JsonNode node = node(parser, pointer, positions, anchors);
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  private JsonNode node(
      JsonParser parser,
      String pointer,
      Map<String, JsonLocation> positions,
      Map<String, JsonNode> anchors)
      throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        {
          ObjectNode object = NODES.objectNode();
          List<JsonNode> merged = new ArrayList<>();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonLocation keyLocation = parser.currentTokenLocation();
            String child = pointer(pointer, name);
            if (object.has(name)) {
              // kubectl's YAML and JSON decoding keeps the last value (and warns on apply): so
              // does this reader, and the report names the key.
              pendingDuplicates.add(Map.entry(child, keyLocation));
            }
            if (parser.nextToken() == null) {
              throw new JsonParseException(parser, "unexpected end of input");
            }
            JsonNode value = value(parser, child, positions, anchors);
            if (MERGE_KEY.equals(name) && parser instanceof YAMLParser) {
              merged.add(value);
            } else {
              object.set(name, value);
            }
          }
          // Keys written in the mapping win over merged ones; earlier merge sources win over later
          // ones.
          for (JsonNode source : merged) {
            for (JsonNode map : source.isArray() ? source : List.of(source)) {
              map.properties()
                  .forEach(
                      entry -> {
                        if (!object.has(entry.getKey())) {
                          budget.copy(entry.getValue());
                          object.set(entry.getKey(), entry.getValue().deepCopy());
                        }
                      });
            }
          }
          return object;
        }
      case START_ARRAY:
        {
          ArrayNode array = NODES.arrayNode();
          JsonToken next;
          while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (next == null) {
              throw new JsonParseException(parser, "unexpected end of input");
            }
            array.add(value(parser, pointer(pointer, array.size()), positions, anchors));
          }
          return array;
        }
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return NODES.numberNode(parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDecimalValue());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      case VALUE_NULL:
        return NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT:
        return NODES.textNode(parser.getText());
      default:
        throw new JsonParseException(parser, "unexpected token " + token);
    }
  }

  private void readObject(
      Document document, KubernetesManifest manifest, JsonNode node, String at) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        readObject(document, manifest, node.get(i), pointer(at, i));
      }
      return;
    }
    if (!node.isObject()) {
      throw document.error(at, "expected a Kubernetes object but found " + typeName(node));
    }
    String kind = text(document, node.get("kind"), pointer(at, "kind"));
    if (kind == null || kind.isEmpty()) {
      throw notManifests(
          manifest,
          document.error(pointer(at, "kind"), "missing: every object needs apiVersion and kind"));
    }
    JsonNode items = node.get("items");
    if (kind.endsWith("List") && items != null) {
      if (!items.isArray()) {
        throw document.error(pointer(at, "items"), "expected a list but found " + typeName(items));
      }
      readObject(document, manifest, items, pointer(at, "items"));
      return;
    }
    switch (kind) {
      case "Pod" -> workload(document, node, at, kind, POD_SPEC);
      case "CronJob" -> workload(document, node, at, kind, CRON_JOB_POD_SPEC);
      case "ServiceAccount" -> serviceAccount(document, node, at);
      case "Secret" -> secret(document, node, at);
      default -> {
        if (TEMPLATE_KINDS.contains(kind)) {
          workload(document, node, at, kind, TEMPLATE_POD_SPEC);
        }
        // Services, ConfigMaps, custom resources and the like do not pull images.
      }
    }
  }

  private void workload(
      Document document, JsonNode object, String at, String kind, String specPath) {
    Metadata metadata = metadata(document, object, at);
    List<KubernetesObjects.Misplaced> misplaced = new ArrayList<>();
    JsonNode spec = object;
    String specPointer = at;
    for (String segment : specPath.substring(1).split("/")) {
      if (spec != object) {
        misplaced(document, spec, specPointer, misplaced);
      }
      JsonNode child = spec.get(segment);
      specPointer = pointer(specPointer, segment);
      if (child == null || child.isNull()) {
        throw document.error(
            specPointer,
            "missing: a " + kind + " needs " + specPath.substring(1).replace('/', '.'));
      }
      requireObject(document, child, specPointer);
      spec = child;
    }
    String serviceAccount =
        text(document, spec.get("serviceAccountName"), pointer(specPointer, "serviceAccountName"));
    if (serviceAccount == null || serviceAccount.isEmpty()) {
      serviceAccount =
          text(document, spec.get("serviceAccount"), pointer(specPointer, "serviceAccount"));
    }
    if (serviceAccount == null || serviceAccount.isEmpty()) {
      serviceAccount = "default";
    }
    List<String> pullSecrets =
        secretNames(
            document, spec.get("imagePullSecrets"), pointer(specPointer, "imagePullSecrets"));
    List<KubernetesObjects.Container> containers = new ArrayList<>();
    containers(
        document,
        spec,
        specPointer,
        "initContainers",
        KubernetesReport.ContainerType.INIT,
        containers,
        misplaced);
    containers(
        document,
        spec,
        specPointer,
        "containers",
        KubernetesReport.ContainerType.REGULAR,
        containers,
        misplaced);
    containers(
        document,
        spec,
        specPointer,
        "ephemeralContainers",
        KubernetesReport.ContainerType.EPHEMERAL,
        containers,
        misplaced);
    if (containers.stream()
        .noneMatch(container -> container.type() == KubernetesReport.ContainerType.REGULAR)) {
      throw document.error(
          pointer(specPointer, "containers"), "missing: a pod spec needs at least one container");
    }
    workloads.add(
        new KubernetesObjects.Workload(
            kind,
            metadata.namespace(),
            metadata.name(),
            serviceAccount,
            pullSecrets,
            misplaced,
            containers,
            source(document, at),
            metadata.controller()));
  }

  private void containers(
      Document document,
      JsonNode spec,
      String specPointer,
      String field,
      KubernetesReport.ContainerType type,
      List<KubernetesObjects.Container> into,
      List<KubernetesObjects.Misplaced> misplaced) {
    JsonNode list = spec.get(field);
    String listPointer = pointer(specPointer, field);
    if (list == null || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      throw document.error(
          listPointer, "expected a list of containers but found " + typeName(list));
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode container = list.get(i);
      String at = pointer(listPointer, i);
      requireObject(document, container, at);
      String name = text(document, container.get("name"), pointer(at, "name"));
      if (name == null || name.isEmpty()) {
        throw document.error(pointer(at, "name"), "missing: every container needs a name");
      }
      String image = text(document, container.get("image"), pointer(at, "image"));
      String policy =
          text(document, container.get("imagePullPolicy"), pointer(at, "imagePullPolicy"));
      misplaced(document, container, at, misplaced);
      into.add(
          new KubernetesObjects.Container(
              name, image, type, policy == null || policy.isEmpty() ? null : policy, at));
    }
  }

  /** Records an {@code imagePullSecrets} list under {@code node}, where Kubernetes ignores it. */
  private static void misplaced(
      Document document, JsonNode node, String at, List<KubernetesObjects.Misplaced> into) {
    JsonNode list = node.get("imagePullSecrets");
    if (list == null || list.isNull()) {
      return;
    }
    List<String> names = new ArrayList<>();
    for (JsonNode entry : list.isArray() ? list : NODES.arrayNode().add(list)) {
      JsonNode name = entry.isObject() ? entry.get("name") : entry;
      if (name != null && name.isValueNode() && !name.asText().isEmpty()) {
        names.add(name.asText());
      }
    }
    into.add(new KubernetesObjects.Misplaced(pointer(at, "imagePullSecrets"), names));
  }

  private void serviceAccount(Document document, JsonNode object, String at) {
    Metadata metadata = metadata(document, object, at);
    List<String> pullSecrets =
        secretNames(document, object.get("imagePullSecrets"), pointer(at, "imagePullSecrets"));
    serviceAccounts.add(
        new KubernetesObjects.ServiceAccount(
            metadata.namespace(), metadata.name(), pullSecrets, source(document, at)));
  }

  /**
   * Hands one Secret, with its defaulted namespace filled in, to the kubelet-exact secret reader.
   */
  private void secret(Document document, JsonNode object, String at) {
    Metadata metadata = metadata(document, object, at);
    ObjectNode copy = ((ObjectNode) object).deepCopy();
    JsonNode meta = copy.get("metadata");
    ((ObjectNode) meta).put("namespace", metadata.namespace());
    secrets.addAll(KubernetesSecrets.parse(ReportJson.write(copy), source(document, at)));
  }

  private record Metadata(String namespace, String name, @Nullable String controller) {}

  private Metadata metadata(Document document, JsonNode object, String at) {
    JsonNode metadata = object.get("metadata");
    String metadataPointer = pointer(at, "metadata");
    if (metadata == null || metadata.isNull()) {
      throw document.error(metadataPointer, "missing: every object needs metadata.name");
    }
    requireObject(document, metadata, metadataPointer);
    String name = text(document, metadata.get("name"), pointer(metadataPointer, "name"));
    if (name == null || name.isEmpty()) {
      name = text(document, metadata.get("generateName"), pointer(metadataPointer, "generateName"));
    }
    if (name == null || name.isEmpty()) {
      throw document.error(
          pointer(metadataPointer, "name"), "missing: every object needs metadata.name");
    }
    String namespace =
        text(document, metadata.get("namespace"), pointer(metadataPointer, "namespace"));
    String controller = null;
    JsonNode owners = metadata.get("ownerReferences");
    if (owners != null && owners.isArray()) {
      for (JsonNode owner : owners) {
        if (owner.path("controller").asBoolean(false)) {
          controller = owner.path("kind").asText("") + "/" + owner.path("name").asText("");
        }
      }
    }
    return new Metadata(
        namespace == null || namespace.isEmpty() ? defaultNamespace : namespace, name, controller);
  }

  /** Reads a list of {@code {name: …}} references, as {@code LocalObjectReference} is decoded. */
  private static List<String> secretNames(Document document, @Nullable JsonNode list, String at) {
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw document.error(
          at, "expected a list such as [{name: my-registry-secret}] but found " + typeName(list));
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String entryPointer = pointer(at, i);
      if (!entry.isObject()) {
        throw document.error(
            entryPointer, "expected {name: <secret>} but found " + typeName(entry));
      }
      String name = text(document, entry.get("name"), pointer(entryPointer, "name"));
      if (name != null && !name.isEmpty() && !names.contains(name)) {
        names.add(name); // the kubelet skips empty names
      }
    }
    return names;
  }

  private static @Nullable String text(Document document, @Nullable JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isValueNode()) {
      throw document.error(at, "expected a string but found " + typeName(node));
    }
    return node.asText();
  }

  private static void requireObject(Document document, JsonNode node, String at) {
    if (!node.isObject()) {
      throw document.error(at, "expected a map but found " + typeName(node));
    }
  }

  private static String source(Document document, String at) {
    return at.isEmpty() ? document.source() : document.source() + " " + at;
  }

  /**
   * Adds a hint when the text is {@code kubectl describe} output or event text, which the explainer
   * reads.
   */
  private static ConfigException notManifests(KubernetesManifest manifest, ConfigException error) {
    if (!EVENT_TEXT.matcher(manifest.text()).find()) {
      return error;
    }
    return new ConfigException(
        error.source(),
        error.pointer(),
        error.reason()
            + "; this looks like kubectl describe output or event text, not manifests: explain it with regdoctor explain");
  }

  /**
   * Describes a syntax error in words a user acts on ({@link YamlInput#syntaxError}, which {@code
   * diagnose --k8s-secret} uses too, so both say the same of the same file).
   */
  static String syntaxError(String text, boolean json, JsonProcessingException e) {
    return YamlInput.syntaxError(text, json, e);
  }

  static String typeName(JsonNode node) {
    if (node.isObject()) {
      return "a map";
    }
    if (node.isArray()) {
      return "a list";
    }
    return "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  static String pointer(String parent, String key) {
    return parent + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  static String pointer(String parent, int index) {
    return parent + "/" + index;
  }
}
