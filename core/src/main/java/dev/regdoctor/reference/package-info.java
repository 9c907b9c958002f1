/**
 * Image references: parsing and normalising names such as {@code nginx} or {@code
 * localhost:5000/app@sha256:…}.
 */
@NullMarked
package dev.regdoctor.reference;

import org.jspecify.annotations.NullMarked;
