package dev.regdoctor.diagnostics.explain;

/** The wording model file is malformed: names the file, the field (and line) and what is wrong. */
final class WordingModelException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String field;

  WordingModelException(String file, String field, String problem) {
    super(file + ": " + field + ": " + problem);
    this.file = file;
    this.field = field;
  }

  /** Returns the file (resource) that holds the error. */
  String file() {
    return file;
  }

  /** Returns the field, with its line when known, that holds the error. */
  String field() {
    return field;
  }
}
