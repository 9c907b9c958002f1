package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@code GET /v2/<name>/tags/list} answered after a manifest was not found.
 *
 * @param status the HTTP status
 * @param count how many tags the registry listed (first page)
 * @param closest up to five existing tags closest to the one asked for, closest first
 * @param errors the registry errors in the body, if any
 */
public record TagsInfo(int status, int count, List<String> closest, List<RegistryError> errors) {

  /** Validates and copies. */
  public TagsInfo {
    closest = List.copyOf(closest);
    errors = List.copyOf(errors);
    requireNonNull(closest, "closest");
  }
}
