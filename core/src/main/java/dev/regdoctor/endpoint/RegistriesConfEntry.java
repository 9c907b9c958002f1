package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

/**
 * Where one {@code registries.conf} entry is written, so that a fix can edit it instead of adding a
 * second, conflicting one: a v2 {@code [[registry]]} table, or a host in a v1 {@code
 * [registries.insecure]}/{@code [registries.block]} list.
 *
 * @param file the file that holds it (the main file or a drop-in)
 * @param line the line of its {@code [[registry]]} header (of the v1 table for a v1 entry), from 1
 * @param prefix the prefix it matches, e.g. {@code registry.example.com} or {@code *.example.com}
 * @param location its {@code location}; empty for a wildcard prefix
 * @param insecure its {@code insecure} setting
 * @param blocked its {@code blocked} setting
 * @param insecureLine the line of its {@code insecure} key, 0 when the entry does not set it
 * @param blockedLine the line of its {@code blocked} key, 0 when the entry does not set it
 * @param v1 whether it comes from a v1 list rather than a {@code [[registry]]} table
 */
public record RegistriesConfEntry(
    String file,
    int line,
    String prefix,
    String location,
    boolean insecure,
    boolean blocked,
    int insecureLine,
    int blockedLine,
    boolean v1) {

  /** Validates. */
  public RegistriesConfEntry {
    requireNonNull(file, "file");
    requireNonNull(prefix, "prefix");
    requireNonNull(location, "location");
  }
}
