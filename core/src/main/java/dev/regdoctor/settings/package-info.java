/**
 * Machine settings that decide how a container runtime reaches a registry: docker's {@code
 * daemon.json} (mirrors, insecure registries), certificate directories ({@code certs.d}) and proxy
 * environment variables.
 */
@NullMarked
package dev.regdoctor.settings;

import org.jspecify.annotations.NullMarked;
