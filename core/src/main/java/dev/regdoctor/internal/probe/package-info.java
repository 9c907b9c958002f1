/**
 * Internal: one class per protocol exchange of a check (ping, token, manifest, tags, platform),
 * sequenced by {@code ImageCheck}. Not API: anything here may change in any release.
 */
@NullMarked
package dev.regdoctor.internal.probe;

import org.jspecify.annotations.NullMarked;
