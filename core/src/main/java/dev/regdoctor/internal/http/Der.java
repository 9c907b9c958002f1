package dev.regdoctor.internal.http;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The little DER reading that SEC 1 keys need: walk the top-level {@code SEQUENCE} of an
 * ECPrivateKey and return its {@code [0]} named-curve parameter. Definite lengths only, as DER
 * requires; every read is bounds-checked, so truncated or hostile input is refused, never read
 * past.
 */
final class Der {
  private static final int SEQUENCE = 0x30;
  private static final int OBJECT_IDENTIFIER = 0x06;
  private static final int CONTEXT_0 = 0xa0;

  private Der() {}

  /**
   * Returns the encoded {@code OBJECT IDENTIFIER} (tag and length included) of the named curve in a
   * SEC 1 ECPrivateKey, or {@code null} when the key carries no {@code [0]} parameters or names the
   * curve by explicit parameters.
   *
   * @throws IllegalArgumentException when {@code sec1} is not a DER SEQUENCE
   */
  static byte @Nullable [] namedCurve(byte[] sec1) {
    Element outer = element(sec1, 0, sec1.length);
    if (outer.tag() != SEQUENCE) {
      throw new IllegalArgumentException("not a DER SEQUENCE");
    }
    int at = outer.contentStart();
    while (at < outer.end()) {
      Element field = element(sec1, at, outer.end());
      if (field.tag() == CONTEXT_0) {
        Element curve = element(sec1, field.contentStart(), field.end());
        return curve.tag() == OBJECT_IDENTIFIER
            ? Arrays.copyOfRange(sec1, field.contentStart(), curve.end())
            : null;
      }
      at = field.end();
    }
    return null;
  }

  private record Element(int tag, int contentStart, int end) {}

  private static Element element(byte[] der, int at, int limit) {
    if (at + 2 > limit) {
      throw new IllegalArgumentException("DER element cut off at byte " + at);
    }
    int tag = der[at] & 0xff;
    int length = der[at + 1] & 0xff;
    int content = at + 2;
    if (length >= 0x80) {
      int digits = length & 0x7f;
      if (digits == 0 || digits > 3 || content + digits > limit) {
        throw new IllegalArgumentException("DER length at byte " + (at + 1) + " is not definite");
      }
      length = 0;
      for (int i = 0; i < digits; i++) {
        length = (length << 8) | (der[content++] & 0xff);
      }
    }
    if (length > limit - content) {
      throw new IllegalArgumentException(
          "DER element at byte "
              + at
              + " claims "
              + length
              + " bytes, "
              + (limit - content)
              + " left");
    }
    return new Element(tag, content, content + length);
  }
}
