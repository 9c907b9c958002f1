package dev.regdoctor.diagnostics.explain;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.reference.ImageReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the summary and steps of an explained finding: the remediation family of the client that
 * printed the text (a kubelet event gets pull-secret steps, podman's text {@code podman login}),
 * the variant the text's words call for (a login lockout, a refused push, an expired ECR token …),
 * and the placeholders Kubernetes commands show when the text names no pod, namespace or secret.
 * Immutable; one per {@link ErrorExplainer}.
 */
final class RemedyChoice {
  private final Catalogue catalogue;
  private final RuleTable rules;

  RemedyChoice(Catalogue catalogue, RuleTable rules) {
    this.catalogue = catalogue;
    this.rules = rules;
  }

  /** Returns the families whose steps fit the text of {@code client} (see {@link Families}). */
  Families families(String client, ErrorText cleaned) {
    String family = family(client, rules.shows(cleaned, "pod-relayed"));
    return new Families(
        family,
        ownKeys(client, cleaned),
        client.equals("jib") || family.equals("docker") && rules.shows(cleaned, "jvm-tls")
            ? "jvm"
            : null,
        nodeRuntime(client, family, cleaned),
        runtimeFamily(client, cleaned),
        client.equals("jib") || client.equals("java") ? "jvm" : null);
  }

  /**
   * Returns the steps of one client within its family, tried before the family's, or null: ctr
   * (containerd's own client, seen by its {@code ctr: } words or command line) and nerdctl resolve
   * and pull in their own process with their own flags, crictl passes credentials with {@code
   * --creds}, CRI-O is a node service, not podman.
   */
  private @Nullable String ownKeys(String client, ErrorText cleaned) {
    return switch (client) {
      case "containerd" -> rules.shows(cleaned, "ctr-command") ? "ctr" : null;
      case "nerdctl", "crictl", "cri-o" -> client;
      default -> null;
    };
  }

  /**
   * Returns the family of clients whose remediation fits {@code client}: {@code kubelet}, {@code
   * podman} (also buildah, skopeo, CRI-O), {@code containerd} (also ctr, nerdctl, crictl), {@code
   * helm}, or {@code docker} for the rest.
   */
  static String family(String client) {
    return switch (client) {
      case "kubelet" -> "kubelet";
      case "podman", "buildah", "skopeo", "cri-o" -> "podman";
      case "containerd", "nerdctl", "crictl" -> "containerd";
      case "helm" -> "helm";
      default -> "docker";
    };
  }

  /**
   * Returns the remediation family for {@code client}. A wrapper or a text that shows no client
   * ({@code other}, {@code unknown}) that relays a pod's words ({@code kubectl logs}' {@code
   * container "web" in pod "web-0" is waiting to start}, a CI executor printing the pod's {@code
   * ErrImagePull}) gets the kubelet's steps: the pull happened on a node, {@code docker login}
   * would not help.
   */
  static String family(String client, boolean podRelayed) {
    if (podRelayed && (client.equals("other") || client.equals("unknown"))) {
      return "kubelet";
    }
    return family(client);
  }

  /**
   * Returns the runtime on the node that pulled for the text's client, whose configuration a
   * certificate, plain-HTTP or proxy fix goes into, or null when that is the client's family: the
   * kubelet pulls through the CRI runtime its event's words name (containerd's {@code failed to
   * pull and unpack image} → {@code containerd}, containers/image's {@code pinging container
   * registry} → {@code cri-o}), never through dockerd since Kubernetes 1.24; crictl talks to the
   * same runtime; a CRI-O log is CRI-O's.
   */
  private @Nullable String nodeRuntime(String client, String family, ErrorText cleaned) {
    if (!family.equals("kubelet") && !client.equals("crictl") && !client.equals("cri-o")) {
      return null;
    }
    if (client.equals("cri-o")) {
      return "cri-o";
    }
    if (rules.shows(cleaned, "containerd-runtime")) {
      return "containerd";
    }
    if (rules.shows(cleaned, "cri-o-runtime")) {
      return "cri-o";
    }
    return client.equals("crictl") ? "containerd" : null;
  }

  /** The codes whose fix goes into the configuration of the runtime that pulled. */
  private static final Set<DiagnosisCode> NODE_CODES =
      Set.of(
          DiagnosisCode.TLS_UNTRUSTED,
          DiagnosisCode.PLAIN_HTTP_REGISTRY,
          DiagnosisCode.PROXY_FAILURE);

  /**
   * Families whose steps a narrower one falls back to: CRI-O reads containers/image's files as
   * podman does; ctr, nerdctl and crictl share containerd's hosts directory.
   */
  private static final Map<String, String> PARENTS =
      Map.of(
          "cri-o", "podman", "ctr", "containerd", "nerdctl", "containerd", "crictl", "containerd");

  /**
   * The remediation family of the text's client, the client's own steps within it, the one whose
   * steps fit a certificate a Java program checks, the runtime on the node that pulled (its
   * certificate, plain-HTTP and proxy settings), the one for a failure of the machine's runtime,
   * and the one for a connection that needs a proxy (a Java program's JVM); null: the general one.
   */
  record Families(
      String general,
      @Nullable String own,
      @Nullable String certificate,
      @Nullable String nodeRuntime,
      @Nullable String localRuntime,
      @Nullable String network) {
    String of(DiagnosisCode code) {
      if (code == DiagnosisCode.LOCAL_ENVIRONMENT && localRuntime != null) {
        return localRuntime;
      }
      if ((code == DiagnosisCode.CONNECT_TIMEOUT || code == DiagnosisCode.PROXY_FAILURE)
          && network != null) {
        // A Java program reaches the network through the JVM's proxy settings, not HTTPS_PROXY.
        return network;
      }
      if (code == DiagnosisCode.TLS_UNTRUSTED && certificate != null) {
        return certificate;
      }
      return NODE_CODES.contains(code) && nodeRuntime != null ? nodeRuntime : general;
    }

    /**
     * The families whose steps are tried for {@code code}, narrowest first: the client's own steps
     * when the general family applies, the family, and the family a narrower one builds on.
     */
    List<String> keys(DiagnosisCode code) {
      String chosen = of(code);
      List<String> keys = new ArrayList<>(3);
      if (own != null && chosen.equals(general)) {
        keys.add(own);
      }
      keys.add(chosen);
      String parent = PARENTS.get(chosen);
      if (parent != null && !keys.contains(parent)) {
        keys.add(parent);
      }
      return keys;
    }
  }

  /** The region of an ECR registry host ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}), or null. */
  static @Nullable String ecrRegion(@Nullable String registry) {
    if (registry == null) {
      return null;
    }
    String host = registry.toLowerCase(Locale.ROOT);
    int ecr = host.indexOf(".dkr.ecr.");
    int region = ecr + ".dkr.ecr.".length();
    int end = host.indexOf('.', region);
    String domain = end < 0 ? "" : host.substring(end);
    if (ecr <= 0
        || end <= region
        || !domain.equals(".amazonaws.com") && !domain.equals(".amazonaws.com.cn")) {
      return null;
    }
    return host.substring(region, end);
  }

  /**
   * The family whose steps fit a failure on the machine itself when that is not the client's
   * family: CRI-O shares podman's words and storage, but runs as a node service that podman's
   * commands do not look at; crictl in front of CRI-O prints CRI-O's words.
   */
  private @Nullable String runtimeFamily(String client, ErrorText cleaned) {
    // crictl relays the runtime's words: CRI-O's (containers/image) name the service to look at.
    return client.equals("cri-o")
            || client.equals("crictl") && rules.shows(cleaned, "cri-o-runtime")
        ? "cri-o"
        : null;
  }

  /**
   * Kubernetes steps name the pod, namespace and secret; when the text does not, the commands show
   * where to put them, as the catalogue's language writes a placeholder ({@code <secret>}, {@code
   * <密钥名>}), so that one command never mixes two languages' placeholders.
   */
  private Map<String, String> kubernetesPlaceholders(Map<String, String> values) {
    Map<String, String> filled = new HashMap<>(values);
    for (String name : List.of("pod", "namespace", "secret")) {
      filled.putIfAbsent(name, catalogue.label("explain.placeholder." + name));
    }
    // A pod that names no service account runs as the namespace's "default" one.
    filled.putIfAbsent("serviceAccount", "default");
    return filled;
  }

  /**
   * Builds a finding through the catalogue, with the steps for the client's family when the
   * catalogue has them; the summary falls back to a form without missing names.
   */
  Finding finding(
      DiagnosisCode code, Map<String, String> values, List<String> evidence, Families families) {
    return finding(code, null, values, evidence, families);
  }

  Finding finding(
      DiagnosisCode code,
      @Nullable String variant,
      Map<String, String> values,
      List<String> evidence,
      Families families) {
    if (families.general().equals("kubelet")) {
      // The kubelet pulled with the pod's pull secret, not with a login of this machine.
      values = new HashMap<>(values);
      values.put("source", catalogue.label("explain.source.kubelet"));
    }
    return new Finding(
        code,
        code.severity(),
        summary(code, variant, values),
        evidence,
        steps(code, variant, values, families.keys(code)),
        code.guide().orElse(null));
  }

  /**
   * The steps for {@code code}: a variant the text's words chose (a login lockout, a back-off
   * without its cause) over the client family's steps, those over the code's own; the family's form
   * of the variant first ({@code explain.client.FAMILY.CODE.VARIANT}), the narrowest family of
   * {@code families} first. A variant's leading steps ({@code explain.CODE.VARIANT.N}, such as the
   * proxy host that does not resolve) come before the family's.
   */
  private List<Remedy> steps(
      DiagnosisCode code,
      @Nullable String variant,
      Map<String, String> values,
      List<String> families) {
    Map<String, String> filled =
        families.contains("kubelet") ? kubernetesPlaceholders(values) : values;
    List<Remedy> steps = new ArrayList<>();
    if (variant != null && catalogue.hasSteps("explain." + code.name() + "." + variant)) {
      steps.addAll(catalogue.remedies("explain." + code.name() + "." + variant, filled));
    }
    steps.addAll(familySteps(code, variant, values, filled, families));
    return steps;
  }

  private List<Remedy> familySteps(
      DiagnosisCode code,
      @Nullable String variant,
      Map<String, String> values,
      Map<String, String> filled,
      List<String> families) {
    if (variant != null && !variant.equals("kubelet")) {
      for (String family : families) {
        String variantSteps = "explain.client." + family + "." + code.name() + "." + variant;
        if (catalogue.hasSteps(variantSteps)) {
          return catalogue.remedies(variantSteps, filled);
        }
      }
      if (catalogue.hasSteps(code.name() + "." + variant)) {
        return catalogue.remedies(code, variant, values);
      }
    }
    for (String family : families) {
      String clientSteps = "explain.client." + family + "." + code.name();
      if (catalogue.hasSteps(clientSteps)) {
        return catalogue.remedies(clientSteps, filled);
      }
    }
    return catalogue.remedies(code, variant, values);
  }

  /** The containerd namespace a ctr command line names ({@code ctr -n k8s.io images pull}). */
  private static final Pattern CTR_NAMESPACE =
      Pattern.compile(
          "\\bctr +(?:(?:-a|--address)[ =]\\S+ +)?(?:-n|--namespace)[ =]([A-Za-z0-9][A-Za-z0-9._-]{0,79})"
              + "|\\bCONTAINERD_NAMESPACE=([A-Za-z0-9][A-Za-z0-9._-]{0,79})");

  /** A proxy host that does not resolve: the failure is the proxy setting's, not the registry's. */
  private static final Pattern PROXY_LOOKUP =
      Pattern.compile(
          "proxyconnect tcp: (?:dial tcp: )?lookup ([A-Za-z0-9][A-Za-z0-9.-]{0,252})(?: on \\S+?)?:"
              + " (?:no such host|server misbehaving|Temporary failure in name resolution)");

  /**
   * Puts the values the steps take from the text itself rather than from its entities: the
   * containerd namespace of a ctr command ({@code ctrNamespace}), a proxy host that does not
   * resolve ({@code proxyHost}), the tag when the reference is no digest ({@code tag}), and for an
   * invalid reference the repaired one ({@code suggestion}, {@code suggestionCanonical}), what was
   * wrong ({@code problem}) and, for a URL, the registry to log in to ({@code loginRegistry}); a
   * short name's image ({@code shortImage}).
   */
  void putTextValues(Map<String, String> values, ErrorText cleaned, DiagnosisCode code) {
    String text = cleaned.text();
    // Every explained text passes here: search for a namespace only where ctr can have set one.
    if (text.contains("ctr ") || text.contains("CONTAINERD_NAMESPACE=")) {
      Matcher namespace = CTR_NAMESPACE.matcher(text);
      if (namespace.find()) {
        values.put(
            "ctrNamespace", namespace.group(1) != null ? namespace.group(1) : namespace.group(2));
      }
    }
    if (code == DiagnosisCode.PROXY_FAILURE) {
      Matcher proxy = PROXY_LOOKUP.matcher(text);
      // "lookup http": a proxy URL with its scheme written twice, not a host name to look up.
      if (proxy.find() && !proxy.group(1).matches("(?i)https?")) {
        values.put("proxyHost", proxy.group(1));
      }
    }
    if (code == DiagnosisCode.RATE_LIMITED) {
      // A throttled text's Retry-After says when to retry.
      OptionalLong wait = RetryAfter.seconds(text);
      if (wait.isPresent()) {
        values.put(
            "reset",
            Catalogue.fill(
                catalogue.label("rateResetText"),
                Map.of("seconds", String.valueOf(wait.getAsLong()))));
      }
    }
    String reference = values.get("reference");
    if (reference != null && reference.indexOf(':') < 0) {
      values.put("tag", reference);
    }
    if (code == DiagnosisCode.INVALID_REFERENCE) {
      ReferenceRepair repair = ReferenceRepair.of(text);
      if (repair != null) {
        values.put("suggestion", repair.suggestion());
        values.put("suggestionCanonical", repair.canonical());
        values.put("problem", catalogue.label("explain.reference." + repair.problem()));
        if (repair.problem().equals("scheme")) {
          // A URL may have carried user:token@ (redaction took it out): log in to that registry.
          values.put("loginRegistry", ImageReference.parse(repair.suggestion()).registry());
        }
      }
    }
    if (!values.containsKey("registry") && values.containsKey("image")) {
      // A short name the client would resolve through registries.conf, not Docker Hub.
      values.put("shortImage", values.get("image"));
    }
  }

  /**
   * The catalogue variant that fits what the text says: a kubelet's pull used a pod's pull secrets,
   * so its fixes are about secrets, not {@code docker login}; a back-off alone points at the
   * earlier event that holds the cause.
   */
  @Nullable String variant(
      String client,
      RuleTable.Hit verdict,
      ErrorText cleaned,
      Explanation.Entities entities,
      Map<String, String> values) {
    if (verdict.code() == DiagnosisCode.INVALID_REFERENCE) {
      if (verdict.rule().notes().contains("short-name")) {
        // A short name without a registry to resolve it to: registries.conf, not the grammar.
        return "short-name";
      }
      if (values.containsKey("suggestion")) {
        // The text's own reference, repaired: say what was wrong and show it written right.
        return "repaired";
      }
    }
    if (verdict.code() == DiagnosisCode.PROXY_FAILURE && values.containsKey("proxyHost")) {
      // The proxy's own name does not resolve: the setting is wrong before any registry is asked.
      return "proxy-dns";
    }
    if (verdict.code() == DiagnosisCode.MANIFEST_NOT_FOUND
        && verdict.rule().notes().contains("repository-exists")) {
      // The client read the repository's tags: only then is the tag alone known to be missing.
      return "repository-exists";
    }
    if (verdict.rule().notes().contains("backoff-no-cause")) {
      return "backoff";
    }
    if (verdict.rule().notes().contains("login-lockout")) {
      // Locked out after failed logins: another login attempt prolongs it, so no "log in" step.
      return "lockout";
    }
    if (verdict.rule().notes().contains("cloud-identity")) {
      // A cloud SDK's own credential chain failed: the steps are about that identity, not a
      // docker credential helper.
      return "cloud-identity";
    }
    if (verdict.rule().notes().contains("never-pull")) {
      // The kubelet was told not to pull: the fix is on the node or in the pod spec.
      return "never-pull";
    }
    if (verdict.rule().notes().contains("pull-qps")) {
      // The kubelet's own pull budget, not the registry's.
      return "pull-qps";
    }
    if (verdict.code() == DiagnosisCode.AUTH_INVALID && ecrRegion(entities.registry()) != null) {
      // An ECR password is a 12-hour token from the AWS CLI, not a password to type again.
      return "ecr";
    }
    if (verdict.rule().notes().contains("login-usage")) {
      // The login command stopped before it asked any registry: the fix is how it is called.
      return "usage";
    }
    if (verdict.rule().notes().contains("command-line")) {
      // A flag without its value is no configuration file to repair.
      return "flags";
    }
    if (verdict.code() == DiagnosisCode.ACCESS_DENIED && rules.shows(cleaned, "push")) {
      // A refused push needs write permission; on Docker Hub, library/NAME is an official image
      // that needs a repository of one's own instead.
      boolean official =
          entities.registry() != null
              && ImageMention.isDockerHub(entities.registry())
              && entities.repository() != null
              && entities.repository().startsWith("library/");
      return official ? "push-hub" : "push";
    }
    if (verdict.code() == DiagnosisCode.ACCESS_DENIED
        && verdict.rule().notes().contains("html-front-end")) {
      // An HTML 403 page is a front end's refusal (a CDN blocking a network, a proxy, a WAF): a
      // login is only one of the reasons, and for an anonymous registry none (review, session 15).
      return "front-end";
    }
    if (verdict.code() == DiagnosisCode.ACCESS_DENIED
        && verdict.rule().notes().contains("anonymous-token-403")) {
      // The client asked for an anonymous token: it had no credentials for the registry, so the
      // fix is to give it some, not to grant more to a user it never named (review, session 15).
      return "anonymous";
    }
    return client.equals("kubelet") ? "kubelet" : null;
  }

  private String summary(DiagnosisCode code, @Nullable String variant, Map<String, String> values) {
    if (variant != null) {
      // The variant's own summary, else its form for pasted text (which quotes the text instead of
      // naming the registry), before the code's.
      for (String key :
          List.of(
              code.name() + "." + variant + ".summary",
              "explain." + code.name() + "." + variant + ".summary")) {
        try {
          String filled = Catalogue.fill(catalogue.template(key), values);
          if (filled != null) {
            return filled;
          }
        } catch (MissingResourceException e) {
          // no summary of this form for the variant
        }
      }
    }
    String filled = null;
    if (catalogue.has("explain." + code.name() + ".named.summary")) {
      // Pasted text tells less than a probe: this form claims only what a text can show.
      filled =
          Catalogue.fill(catalogue.template("explain." + code.name() + ".named.summary"), values);
    }
    if (filled == null) {
      filled = Catalogue.fill(catalogue.template(code.name() + ".summary"), values);
    }
    if (filled != null) {
      return filled;
    }
    try {
      filled = Catalogue.fill(catalogue.template("explain." + code.name() + ".summary"), values);
    } catch (MissingResourceException e) {
      filled = null;
    }
    return filled != null ? filled : catalogue.summary(code, values);
  }
}
