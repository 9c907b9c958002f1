/**
 * Small text measures shared by the probe and the credential matching. Internal: not part of the
 * public API, may change in any release.
 */
@NullMarked
package dev.regdoctor.internal.text;

import org.jspecify.annotations.NullMarked;
