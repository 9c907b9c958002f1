package dev.regdoctor.junit5;

import static java.util.Objects.requireNonNull;

/**
 * The key of a cached report in the root store: the image as checked and the settings it was
 * checked with. The same image under other settings (another platform, say) is another report.
 *
 * @param image the image after placeholder expansion
 * @param settings the settings of the doctor
 */
record ReportKey(String image, DoctorSettings settings) {

  /** Validates. */
  ReportKey {
    requireNonNull(image, "image");
    requireNonNull(settings, "settings");
  }
}
