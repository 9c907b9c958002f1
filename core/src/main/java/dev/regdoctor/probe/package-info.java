/**
 * Probing registries the way a container runtime does: {@code /v2/} ping, auth challenge, token,
 * manifest, tags. Probes return {@link dev.regdoctor.probe.ProbeResult} values that record what was
 * seen in each phase; network and protocol failures are observations, never exceptions.
 */
@NullMarked
package dev.regdoctor.probe;

import org.jspecify.annotations.NullMarked;
