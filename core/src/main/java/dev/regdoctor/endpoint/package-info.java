/**
 * Where a container runtime reaches a registry: the endpoint (scheme, host, port), {@code
 * host:port} handling, {@code --resolve} overrides, and the machine settings that change it —
 * docker's {@code daemon.json} (mirrors, insecure registries), containerd's {@code hosts.toml},
 * certificate directories ({@code certs.d}) and proxy environment variables.
 */
@NullMarked
package dev.regdoctor.endpoint;

import org.jspecify.annotations.NullMarked;
