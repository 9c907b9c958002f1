/**
 * Runtime views and mirror ranking: the endpoints a container runtime tries for an image (mirrors,
 * then the upstream), each probed, the one the runtime would pull from and the fastest healthy one.
 * Built by {@link dev.regdoctor.diagnostics.RegistryDoctor#mirrors(String)}.
 */
@NullMarked
package dev.regdoctor.diagnostics.mirrors;

import org.jspecify.annotations.NullMarked;
