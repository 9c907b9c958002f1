/**
 * JSON reading shared by the credential and settings parsers, configured so that no error text
 * quotes the input. Internal: not part of the public API, may change in any release.
 */
@NullMarked
package dev.regdoctor.internal.json;

import org.jspecify.annotations.NullMarked;
