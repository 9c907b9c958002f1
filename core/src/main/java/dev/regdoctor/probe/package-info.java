/**
 * Probing registries the way a container runtime does. {@link dev.regdoctor.probe.RegistryClient}
 * checks an image and returns a {@link dev.regdoctor.probe.ProbeResult} that records what was seen
 * in each step; network and protocol failures are observations, never exceptions. {@link
 * dev.regdoctor.probe.BulkChecks} runs many checks on one client, sharing its pings and tokens.
 *
 * <h2>The steps of one check</h2>
 *
 * Steps run in this order, each at most once; a failed step ends the check (the steps nested under
 * it say what it does). {@code FlowTest} pins the sequence.
 *
 * <pre>
 * reference     parse and normalise: nginx → docker.io/library/nginx:latest
 * endpoint      scheme, host, port: HTTPS first; plain HTTP only for loopback, insecure or
 *               configured registries; an explicit endpoint (a mirror) as given
 * dns           ┐
 * connect       │ GET /v2/ — shared per registry by every check of the client
 * tls           │   (HTTPS fails on a plain-HTTP registry → confirm with plain HTTP)
 * ping          ┘   200 open · 401 + WWW-Authenticate challenge · anything else: not a registry
 * credentials   the credential found for the host (config.json, helper, secret) or none
 * auth          answer the challenge:
 *                 Bearer → registry token, or the token service: GET realm?service&amp;scope
 *                          (Basic credentials) or OAuth2 POST (identity token; 404 → GET);
 *                          one token per repository scope, cached until it expires
 *                 Basic  → username and password on every request
 * manifest      HEAD /v2/&lt;repository&gt;/manifests/&lt;tag|digest&gt; with the full Accept list
 *                 (405 → GET; 401 after an anonymous ping → authenticate, then again)
 * tags          only after a 404: GET tags/list tells a missing repository from a missing tag
 * platform      only for an index: GET it by digest and look for the requested os/arch
 * </pre>
 *
 * Every request of a check shares one deadline ({@link
 * dev.regdoctor.probe.ProbeSettings#deadline()}).
 */
@NullMarked
package dev.regdoctor.probe;

import org.jspecify.annotations.NullMarked;
