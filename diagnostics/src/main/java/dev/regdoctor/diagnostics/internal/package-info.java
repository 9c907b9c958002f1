/**
 * Internal: the rules that turn probe results into findings, the remediation catalogue (English and
 * Simplified Chinese) and the text and JSON renderers. Not API.
 */
@NullMarked
package dev.regdoctor.diagnostics.internal;

import org.jspecify.annotations.NullMarked;
