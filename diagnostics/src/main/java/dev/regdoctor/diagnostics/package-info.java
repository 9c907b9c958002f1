/**
 * Turns probe observations into diagnoses: typed {@link dev.regdoctor.diagnostics.Finding}s with
 * evidence and remediation steps in English or Simplified Chinese, gathered in a {@link
 * dev.regdoctor.diagnostics.Report}. Start with {@link dev.regdoctor.diagnostics.RegistryDoctor}.
 */
@NullMarked
package dev.regdoctor.diagnostics;

import org.jspecify.annotations.NullMarked;
