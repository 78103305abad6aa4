package io.calsync.task.api;

/** The task version as a strong entity tag, e.g. {@code "3"}, and back. */
final class ETags {

  /** {@code If-Match} that no version can match: the precondition fails with 412. */
  static final long UNMATCHABLE = -1;

  private ETags() {}

  static String of(long version) {
    return "\"" + version + "\"";
  }

  /**
   * The version an {@code If-Match} header asks for: null when the header is absent or {@code *}
   * (any version), {@link #UNMATCHABLE} when it names no version of ours. Of a list, the first tag
   * counts: a task has one current version.
   */
  static Long expectedVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
      return null;
    }
    String tag = ifMatch.split(",")[0].trim();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      tag = tag.substring(1, tag.length() - 1);
    }
    try {
      return Long.parseLong(tag);
    } catch (NumberFormatException e) {
      return UNMATCHABLE;
    }
  }
}
