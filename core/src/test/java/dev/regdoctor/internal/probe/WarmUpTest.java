package dev.regdoctor.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the pull test reads a warm-up range before its timed sample, and what it asks for. */
class WarmUpTest {
  @ParameterizedTest(name = "{0} warm-up bytes before {1} timed: {2}")
  @CsvSource({
    "65536, 1048576, true",
    "65536, 1048575, false",
    "65536, 8388608, true",
    "4096, 65536, true",
    "4096, 65535, false",
    "0, 8388608, false"
  })
  void warmsUpOnlyATimedReadOfAtLeastSixteenWarmUpReads(long warmup, long timed, boolean applies) {
    assertThat(WarmUp.applies(warmup, timed)).isEqualTo(applies);
  }

  @Test
  void asksForTheFirstBytesOfTheSameLayerWithTheSampleRequestsHeaders() {
    Request.Builder sample =
        new Request.Builder()
            .url("http://127.0.0.1:5000/v2/app/blobs/sha256:abc")
            .header("Accept-Encoding", "identity")
            .header("Range", "bytes=0-8388607");

    Request warm = WarmUp.request(sample);

    assertThat(warm.url()).isEqualTo(sample.build().url());
    assertThat(warm.header("Range")).isEqualTo("bytes=0-" + (WarmUp.BYTES - 1));
    assertThat(warm.header("Accept-Encoding")).isEqualTo("identity");
    assertThat(sample.build().header("Range")).isEqualTo("bytes=0-8388607");
  }
}
