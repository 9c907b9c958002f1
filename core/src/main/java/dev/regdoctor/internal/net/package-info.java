/**
 * Host and port handling with Go's {@code net} semantics, shared by the credential and settings
 * packages. Internal: not part of the public API, may change in any release.
 */
@NullMarked
package dev.regdoctor.internal.net;

import org.jspecify.annotations.NullMarked;
