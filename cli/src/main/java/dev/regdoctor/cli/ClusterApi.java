package dev.regdoctor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regdoctor.diagnostics.kubernetes.KubectlException;
import dev.regdoctor.diagnostics.kubernetes.KubernetesManifest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads workloads, service accounts and secrets from the Kubernetes API server with the pod's
 * service account, as a DaemonSet needs no kubectl: the token (re-read on every call, since
 * projected tokens rotate) and CA under {@code /var/run/secrets/kubernetes.io/serviceaccount}, the
 * server from {@code KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT}. Each request is
 * bounded in time and size; the token never appears in messages.
 */
final class ClusterApi implements WorkloadDiscovery.Source {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A listable resource: API group path, plural name, and the kind of its items. */
  private record Resource(String apiVersion, String plural, String kind) {
    String path(String namespace) {
      String root = apiVersion.equals("v1") ? "/api/v1" : "/apis/" + apiVersion;
      return namespace == null
          ? root + "/" + plural
          : root
              + "/namespaces/"
              + URLEncoder.encode(namespace, StandardCharsets.UTF_8)
              + "/"
              + plural;
    }
  }

  static final List<Resource> RESOURCES =
      List.of(
          new Resource("v1", "pods", "Pod"),
          new Resource("apps/v1", "deployments", "Deployment"),
          new Resource("apps/v1", "statefulsets", "StatefulSet"),
          new Resource("apps/v1", "daemonsets", "DaemonSet"),
          new Resource("apps/v1", "replicasets", "ReplicaSet"),
          new Resource("v1", "replicationcontrollers", "ReplicationController"),
          new Resource("batch/v1", "jobs", "Job"),
          new Resource("batch/v1", "cronjobs", "CronJob"),
          new Resource("v1", "serviceaccounts", "ServiceAccount"),
          new Resource("v1", "secrets", "Secret"));

  private final URI server;
  private final Path token;
  private final HttpClient client;
  private final Duration timeout;

  private ClusterApi(URI server, Path token, HttpClient client, Duration timeout) {
    this.server = server;
    this.token = token;
    this.client = client;
    this.timeout = timeout;
  }

  /**
   * Connects with the service account mounted at {@code serviceAccount} to the API server named by
   * {@code environment}.
   *
   * @throws KubectlException if the server is not named or the CA cannot be read
   */
  static ClusterApi inCluster(
      Map<String, String> environment, Path serviceAccount, Duration timeout) {
    String host = environment.get("KUBERNETES_SERVICE_HOST");
    if (host == null || host.isBlank()) {
      throw new KubectlException(
          KubectlException.Reason.NO_CONTEXT,
          "not running in a pod: KUBERNETES_SERVICE_HOST is not set (use source: kubectl)");
    }
    String port = environment.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
    String authority = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    Path ca = serviceAccount.resolve("ca.crt");
    SSLContext tls;
    try (InputStream in = Files.newInputStream(ca)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
    } catch (IOException | GeneralSecurityException e) {
      throw new KubectlException(
          KubectlException.Reason.FAILED, "cannot read the service account CA " + ca + ": " + e);
    }
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(tls)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new ClusterApi(
        URI.create("https://" + authority), serviceAccount.resolve("token"), client, timeout);
  }

  @Override
  public String describe() {
    return "the API server " + server + " with the pod's service account";
  }

  @Override
  public List<KubernetesManifest> read(List<String> namespaces) {
    List<String> scopes =
        namespaces.isEmpty() ? java.util.Collections.singletonList(null) : namespaces;
    ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
    ArrayNode items = list.putArray("items");
    for (String namespace : scopes) {
      for (Resource resource : RESOURCES) {
        JsonNode answer = get(resource.path(namespace));
        for (JsonNode item : answer.path("items")) {
          if (item instanceof ObjectNode object) {
            // List responses leave kind and apiVersion off their items.
            object.put("apiVersion", resource.apiVersion()).put("kind", resource.kind());
            items.add(object);
          }
        }
      }
    }
    String source =
        "GET "
            + server
            + " ("
            + (namespaces.isEmpty() ? "all namespaces" : String.join(", ", namespaces))
            + ")";
    try {
      return List.of(KubernetesManifest.of(source, JSON.writeValueAsString(list)));
    } catch (IOException e) {
      throw new KubectlException(KubectlException.Reason.FAILED, "cannot write the objects: " + e);
    }
  }

  private JsonNode get(String path) {
    String bearer;
    try {
      bearer = Files.readString(token).strip();
    } catch (IOException e) {
      throw new KubectlException(
          KubectlException.Reason.UNAUTHORIZED, "cannot read the service account token " + token);
    }
    HttpRequest request =
        HttpRequest.newBuilder(server.resolve(path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + bearer)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new KubectlException(
          KubectlException.Reason.TIMEOUT,
          "GET " + path + ": no answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      throw new KubectlException(
          KubectlException.Reason.UNREACHABLE,
          "GET " + server.resolve(path) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubectlException(KubectlException.Reason.TIMEOUT, "GET " + path + ": interrupted");
    }
    try (InputStream body = response.body()) {
      byte[] bytes = body.readNBytes((int) KubernetesManifest.MAX_BYTES + 1);
      int status = response.statusCode();
      if (status == 401) {
        throw new KubectlException(
            KubectlException.Reason.UNAUTHORIZED,
            "GET " + path + " -> 401: the API server rejected the service account token");
      }
      if (status == 403) {
        throw new KubectlException(
            KubectlException.Reason.FORBIDDEN,
            "GET "
                + path
                + " -> 403: the service account may not list these objects; grant get and list (see samples/kubernetes/rbac.yaml)");
      }
      if (status != 200) {
        throw new KubectlException(KubectlException.Reason.FAILED, "GET " + path + " -> " + status);
      }
      if (bytes.length > KubernetesManifest.MAX_BYTES) {
        throw new KubectlException(
            KubectlException.Reason.FAILED,
            "GET "
                + path
                + ": the answer is larger than "
                + KubernetesManifest.MAX_BYTES / (1024 * 1024)
                + " MiB; list fewer namespaces");
      }
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new KubectlException(
          KubectlException.Reason.FAILED,
          "GET " + path + ": not a JSON list (" + e.getClass().getSimpleName() + ")");
    }
  }
}
