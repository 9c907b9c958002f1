/**
 * Real servers for tests and the {@code regdoctor demo} command: Debian's {@code docker-registry}
 * started from generated configurations ({@link dev.regdoctor.testkit.RegistryProcess}), a Docker
 * token service ({@link dev.regdoctor.testkit.TokenIssuer}), an image pusher ({@link
 * dev.regdoctor.testkit.ImageSeeder}) and transport faults on loopback ({@link
 * dev.regdoctor.testkit.LoopbackFaults}); without the binary, an in-process registry answering like
 * it ({@link dev.regdoctor.testkit.EmbeddedRegistry}) and servers that are reachable but no
 * registry ({@link dev.regdoctor.testkit.ScriptedServers}).
 *
 * <p>Everything binds {@code 127.0.0.1} on a free port, is {@link AutoCloseable}, and removes the
 * processes, threads and temporary directories it created when closed.
 */
@NullMarked
package dev.regdoctor.testkit;

import org.jspecify.annotations.NullMarked;
