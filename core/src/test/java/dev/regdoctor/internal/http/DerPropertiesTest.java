package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** The SEC 1 reader on generated keys, their prefixes and arbitrary bytes. */
class DerPropertiesTest {

  @SeededProperty(cases = 500)
  void theNamedCurveOfAGeneratedSec1KeyIsFound(long seed) {
    Gen gen = new Gen(seed);
    byte[] curve = tlv(0x06, bytes(gen, 1, 12));
    boolean withCurve = gen.bool();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(tlv(0x02, new byte[] {1}));
    // private keys of every size, so short and long length forms both occur
    body.writeBytes(tlv(0x04, bytes(gen, 1, 300)));
    if (withCurve) {
      body.writeBytes(tlv(0xa0, curve));
    }
    if (gen.bool()) {
      body.writeBytes(tlv(0xa1, tlv(0x03, bytes(gen, 1, 140))));
    }
    byte[] sec1 = tlv(0x30, body.toByteArray());

    byte[] found = Der.namedCurve(sec1);

    if (withCurve) {
      assertThat(found).isEqualTo(curve);
    } else {
      assertThat(found).isNull();
    }
    int cut = gen.between(0, sec1.length - 1);
    assertThatThrownBy(() -> Der.namedCurve(Arrays.copyOf(sec1, cut)))
        .as("a key cut to %d of %d bytes", cut, sec1.length)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("byte");
  }

  @SeededProperty(cases = 1000)
  void arbitraryBytesAreReadOrRefusedNeverReadPast(long seed) {
    Gen gen = new Gen(seed);
    byte[] input = bytes(gen, 0, 40);
    if (input.length > 0 && gen.bool()) {
      input[0] = 0x30;
    }
    try {
      byte[] curve = Der.namedCurve(input);
      if (curve != null) {
        assertThat(curve[0]).isEqualTo((byte) 0x06);
        assertThat(curve.length).isLessThanOrEqualTo(input.length);
      }
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  private static byte[] bytes(Gen gen, int min, int max) {
    byte[] out = new byte[gen.between(min, max)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) gen.anyInt();
    }
    return out;
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (content.length < 0x80) {
      out.write(content.length);
    } else if (content.length < 0x100) {
      out.write(0x81);
      out.write(content.length);
    } else {
      out.write(0x82);
      out.write(content.length >> 8);
      out.write(content.length & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
