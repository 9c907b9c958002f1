/**
 * Internal: the HTTP transport of the probe engine (OkHttp wiring, deadlines, the phase recorder,
 * failure classification, the one URL and secret redactor, TLS descriptions). Not API: anything
 * here may change in any release.
 */
@NullMarked
package dev.regdoctor.internal.http;

import org.jspecify.annotations.NullMarked;
