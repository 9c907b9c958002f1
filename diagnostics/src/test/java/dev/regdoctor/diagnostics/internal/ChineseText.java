package dev.regdoctor.diagnostics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds English words left inside Chinese text (issue 17), for the glossary and output tests. */
public final class ChineseText {
  private ChineseText() {}

  /** Names, protocols, configuration keys and Kubernetes kinds that stay as they are. */
  static final Set<String> ALLOWED =
      Set.of(
          // the library's own types, named in advice to the program that embeds it
          "CredentialResolver",
          "CredentialLookup",
          "CredentialProblem",
          "Bad",
          "Request",
          "dockerd",
          "Secret",
          "ctr",
          "nerdctl",
          "crictl",
          "buildah",
          "podman",
          "config_path",
          "Chart",
          "helm",
          "repo",
          "add",
          "true",
          "slim",
          "distroless",
          "alpine",
          "debug",
          "OCI",
          "ServiceAccount",
          "CRI",
          "O",
          "HEAD",
          "Nexus",
          "Artifactory",
          "Harbor",
          "ingress",
          "GCR",
          "ACR",
          "Artifact",
          "AWS",
          "Azure",
          "Google",
          "Windows",
          "Linux",
          "Docker",
          "Hub",
          "HTTP",
          "HTTPS",
          "TLS",
          "CA",
          "DNS",
          "VPN",
          "containerd",
          "Podman",
          "Buildah",
          "kubelet",
          "kubectl",
          "JSON",
          "CDN",
          "IAM",
          "ECR",
          "GHCR",
          "Quay",
          "Jib",
          "Java",
          "NAT",
          "CI",
          "MTU",
          "Pod",
          "Desktop",
          "Deployment",
          "StatefulSet",
          "DaemonSet",
          "ReplicaSet",
          "Job",
          "CronJob",
          "Storage",
          "Driver",
          "Data",
          "Space",
          "Kubernetes",
          "thin",
          "pool",
          "overlay",
          "realm",
          "auths",
          "auth",
          "base64",
          "credsStore",
          "credHelpers",
          "imagePullSecrets",
          "imagePullPolicy",
          // Kubernetes event reasons, as kubectl describe shows them
          "FailedToRetrieveImagePullSecret",
          "InvalidImageName",
          "IfNotPresent",
          "Always",
          "Never",
          "insecure",
          "override_path",
          "identitytoken",
          "registrytoken",
          // JSON literals, as a JSON syntax error names them
          "false",
          "null",
          "WWW",
          "Authenticate",
          "HTML",
          "URI",
          "ca",
          "crt",
          "Registry",
          "Doctor",
          "regdoctor",
          "explain",
          "probe",
          "skopeo",
          "Failed",
          "to",
          "pull",
          "image",
          "GET",
          "PKIX",
          "ANSI",
          "IDS",
          "SAN",
          "hosts",
          "toml",
          "Helm",
          "unauthorized",
          "not",
          "authorized",
          "manifest",
          "unknown",
          "peer",
          "authenticated",
          "back",
          "off",
          "server",
          "Web",
          "KiB",
          "MiB",
          "GiB");

  private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  /**
   * Returns the English words of {@code text} that are not commands, names or codes: placeholders,
   * quoted strings, paths, flags, {@code <placeholders>}, code-like tokens (dots, colons, slashes,
   * digits, upper-case codes) and the allowed names are skipped.
   */
  public static List<String> strayWords(String text) {
    String cleaned =
        text.replaceAll("\\{[A-Za-z]+\\}", " ")
            .replaceAll("\"[^\"]*\"", " ")
            .replaceAll("'[^']*'", " ")
            .replaceAll("<[^>]*>", " ")
            .replaceAll("(?<![\\p{IsHan}])(?:[\\w.-]*[/:.=@][\\w./:=@*\\[\\]-]*)", " ")
            .replaceAll("\\w+(?:-\\w+)+", " ")
            .replaceAll("--?[A-Za-z][\\w-]*", " ");
    List<String> words = new ArrayList<>();
    Matcher matcher = WORD.matcher(cleaned);
    while (matcher.find()) {
      String word = matcher.group();
      boolean code =
          (word.equals(word.toUpperCase(java.util.Locale.ROOT)) && word.length() > 1)
              || word.matches(".*\\d.*")
              || word.matches("[a-z]+[A-Z]\\w*");
      boolean command = COMMANDS.contains(word);
      if (!code && !command && !ALLOWED.contains(word) && word.length() > 1) {
        words.add(word);
      }
    }
    return words;
  }

  private static final Set<String> COMMANDS =
      Set.of(
          "docker",
          "login",
          "logout",
          "podman",
          "images",
          "info",
          "curl",
          "openssl",
          "nslookup",
          "date",
          "systemctl",
          "grep",
          "python3",
          "command",
          "buildx",
          "build",
          "create",
          "secret",
          "get",
          "pod",
          "yaml",
          "apply",
          "replace",
          "patch",
          "serviceaccount",
          "describe",
          "events",
          "list",
          "tags",
          "diagnose");
}
