package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A deterministic image layer: a ustar archive holding one file of pseudo-random bytes, and its
 * gzip. The same seed always gives the same bytes, so digests are stable across runs and JDKs
 * ({@link Random} is specified bit for bit; {@link GZIPOutputStream} writes a zero mtime).
 *
 * @param tar the uncompressed archive; its digest is the config's {@code diff_id}
 * @param gzip the compressed archive; its digest is the layer digest
 */
record LayerArchive(byte[] tar, byte[] gzip) {

  private static final int BLOCK = 512;

  /**
   * Builds a layer whose file {@code fileName} holds {@code contentBytes} bytes derived from {@code
   * seed}.
   */
  static LayerArchive of(String seed, String fileName, int contentBytes) {
    byte[] content = new byte[contentBytes];
    new Random(seedOf(seed)).nextBytes(content);
    byte[] tar = tar(fileName, content);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(contentBytes + 256);
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(tar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LayerArchive(tar, compressed.toByteArray());
  }

  /** Returns {@code sha256:<hex>} of {@code bytes}. */
  static String digest(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(sha256(bytes));
  }

  private static byte[] tar(String fileName, byte[] content) {
    byte[] name = fileName.getBytes(UTF_8);
    if (name.length >= 100) {
      throw new IllegalArgumentException("file name too long for a ustar header: " + fileName);
    }
    byte[] header = new byte[BLOCK];
    System.arraycopy(name, 0, header, 0, name.length);
    octal(header, 100, 8, 0644);
    octal(header, 108, 8, 0);
    octal(header, 116, 8, 0);
    octal(header, 124, 12, content.length);
    octal(header, 136, 12, 0);
    header[156] = '0';
    ascii(header, 257, "ustar\0");
    ascii(header, 263, "00");
    ascii(header, 265, "root");
    ascii(header, 297, "root");
    // The checksum is computed with its own field filled with spaces.
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    octal(header, 148, 7, sum);
    header[155] = ' ';
    int padded = (content.length + BLOCK - 1) / BLOCK * BLOCK;
    byte[] tar = new byte[BLOCK + padded + 2 * BLOCK];
    System.arraycopy(header, 0, tar, 0, BLOCK);
    System.arraycopy(content, 0, tar, BLOCK, content.length);
    return tar;
  }

  /** Writes {@code value} as zero-padded octal in {@code width - 1} digits plus a NUL. */
  private static void octal(byte[] header, int offset, int width, long value) {
    String digits = Long.toOctalString(value);
    if (digits.length() > width - 1) {
      throw new IllegalArgumentException("value too large for a ustar field: " + value);
    }
    ascii(header, offset, "0".repeat(width - 1 - digits.length()) + digits + "\0");
  }

  private static void ascii(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  private static long seedOf(String seed) {
    return ByteBuffer.wrap(sha256(seed.getBytes(UTF_8))).getLong();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
