package dev.regdoctor.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One action a request needs, as distribution's {@code auth.Access}: e.g. {@code pull} on resource
 * {@code repository:team/app}.
 *
 * @param type the resource type, {@code repository} or {@code registry}
 * @param name the resource name, e.g. {@code team/app} or {@code catalog}
 * @param action e.g. {@code pull}, {@code push}, {@code delete} or {@code *}
 */
record RegistryAccess(String type, String name, String action) {

  /**
   * Returns what a request needs, as registry 2.8 derives it ({@code appendAccessRecords}): nothing
   * for {@code /v2/}; {@code registry:catalog:*} for the catalog; on a repository {@code pull} for
   * {@code GET}/{@code HEAD}, {@code pull} and {@code push} for {@code POST}/{@code PUT}/{@code
   * PATCH}, {@code delete} for {@code DELETE}; plus {@code pull} on the {@code from} repository of
   * a cross-repository mount.
   */
  static List<RegistryAccess> required(RegistryRoute route, String method, String mountFrom) {
    List<RegistryAccess> access = new ArrayList<>();
    switch (route.kind()) {
      case BASE -> {}
      case CATALOG -> access.add(new RegistryAccess("registry", "catalog", "*"));
      default -> {
        addFor(access, method, route.name());
        if (!mountFrom.isEmpty()) {
          addFor(access, "GET", mountFrom);
        }
      }
    }
    return access;
  }

  private static void addFor(List<RegistryAccess> access, String method, String repository) {
    switch (method) {
      case "GET", "HEAD" -> access.add(new RegistryAccess("repository", repository, "pull"));
      case "POST", "PUT", "PATCH" -> {
        access.add(new RegistryAccess("repository", repository, "pull"));
        access.add(new RegistryAccess("repository", repository, "push"));
      }
      case "DELETE" -> access.add(new RegistryAccess("repository", repository, "delete"));
      default -> {}
    }
  }

  /**
   * Returns the {@code detail} of an {@code UNAUTHORIZED} error: {@code null} without access,
   * otherwise {@code [{"Type":…,"Class":"","Name":…,"Action":…}]}.
   */
  static JsonNode detail(List<RegistryAccess> access) {
    if (access.isEmpty()) {
      return NullNode.getInstance();
    }
    ArrayNode detail = JsonNodeFactory.instance.arrayNode();
    for (RegistryAccess item : access) {
      ObjectNode entry = detail.addObject();
      entry.put("Type", item.type());
      entry.put("Class", "");
      entry.put("Name", item.name());
      entry.put("Action", item.action());
    }
    return detail;
  }

  /**
   * Returns the {@code scope} parameter of a Bearer challenge: per resource {@code
   * type:name:actions} with the actions sorted and comma-joined, resources space-joined; empty
   * without access.
   */
  static String scope(List<RegistryAccess> access) {
    Map<String, TreeSet<String>> actions = new LinkedHashMap<>();
    for (RegistryAccess item : access) {
      actions
          .computeIfAbsent(item.type() + ":" + item.name(), r -> new TreeSet<>())
          .add(item.action());
    }
    List<String> scopes = new ArrayList<>();
    actions.forEach((resource, names) -> scopes.add(resource + ":" + String.join(",", names)));
    return String.join(" ", scopes);
  }
}
