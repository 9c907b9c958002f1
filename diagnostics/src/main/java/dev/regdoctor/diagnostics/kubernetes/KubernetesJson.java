package dev.regdoctor.diagnostics.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regdoctor.diagnostics.internal.ReportJson;

/** Writes a {@link KubernetesReport} as the JSON contract's {@code regdoctor.kubernetes/v1}. */
final class KubernetesJson {
  private KubernetesJson() {}

  static String write(KubernetesReport report) {
    ObjectNode root = ReportJson.MAPPER.createObjectNode();
    root.put("schema", KubernetesReport.SCHEMA);
    ArrayNode workloads = root.putArray("workloads");
    for (KubernetesReport.Workload workload : report.workloads()) {
      ObjectNode node = workloads.addObject();
      node.put("kind", workload.kind());
      node.put("namespace", workload.namespace());
      node.put("name", workload.name());
      node.put("serviceAccount", workload.serviceAccount());
      ArrayNode containers = node.putArray("containers");
      for (KubernetesReport.Container container : workload.containers()) {
        ObjectNode entry = containers.addObject();
        entry.put("name", container.name());
        if (container.image().isEmpty()) {
          entry.putNull("image");
        } else {
          entry.put("image", container.image());
        }
        entry.put("init", container.init());
        ArrayNode secrets = entry.putArray("pullSecrets");
        container.pullSecrets().forEach(secrets::add);
        entry.put("ok", container.ok());
        ArrayNode findings = entry.putArray("findings");
        container.findings().forEach(finding -> findings.add(ReportJson.finding(finding)));
      }
    }
    // Notes about the run as a whole (a key given twice, a service account not among the inputs).
    ArrayNode notes = root.putArray("notes");
    report.notes().forEach(notes::add);
    return ReportJson.write(root);
  }
}
