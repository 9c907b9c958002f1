/**
 * Credentials for registries: where a container runtime would find them, which source matched, and
 * the secret material itself, always redacted when printed.
 */
@NullMarked
package dev.regdoctor.credentials;

import org.jspecify.annotations.NullMarked;
