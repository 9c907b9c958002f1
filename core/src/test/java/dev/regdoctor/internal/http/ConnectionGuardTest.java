package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionGuardTest {

  @Test
  void okHttpStillKeepsItsReadAheadBufferWhereTheGuardLooks() {
    // ConnectionGuard reads the size of OkHttp's private read-ahead buffer (RealConnection.socket)
    // to see a second response that arrived in the same segment as the first. Without it the guard
    // falls back to InputStream.available() and misses exactly that case, silently; an OkHttp
    // upgrade that renames the field must fail here instead.
    assertThat(ConnectionGuard.canSeeBufferedBytes())
        .as("OkHttp's RealConnection.socket field (a BufferedSocket) is reachable")
        .isTrue();
  }
}
