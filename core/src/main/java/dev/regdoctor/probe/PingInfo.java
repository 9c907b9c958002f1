package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.internal.http.Redaction;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /v2/} answered.
 *
 * @param url the URL requested (redacted)
 * @param status the HTTP status
 * @param apiVersion the {@code Docker-Distribution-API-Version} header, or {@code null}
 * @param contentType the media type of the body without parameters, or {@code null}
 * @param challenges the parsed {@code WWW-Authenticate} challenges, in header order
 * @param rawChallenges the raw {@code WWW-Authenticate} header values
 * @param cached whether this answer was reused from an earlier check of the same registry
 */
public record PingInfo(
    String url,
    int status,
    @Nullable String apiVersion,
    @Nullable String contentType,
    List<Challenge> challenges,
    List<String> rawChallenges,
    boolean cached) {

  /** Validates and copies. */
  public PingInfo {
    requireNonNull(url, "url");
    challenges = List.copyOf(challenges);
    rawChallenges = List.copyOf(rawChallenges);
  }

  /**
   * Returns the answer with URLs inside challenges redacted (realm query values can carry secrets).
   */
  @Override
  public String toString() {
    return "PingInfo[url="
        + url
        + ", status="
        + status
        + ", apiVersion="
        + apiVersion
        + ", contentType="
        + contentType
        + ", challenges="
        + Redaction.urlsIn(challenges.toString())
        + ", rawChallenges="
        + Redaction.urlsIn(rawChallenges.toString())
        + ", cached="
        + cached
        + "]";
  }

  /** Returns the same answer marked as reused. */
  public PingInfo asCached() {
    return new PingInfo(url, status, apiVersion, contentType, challenges, rawChallenges, true);
  }
}
