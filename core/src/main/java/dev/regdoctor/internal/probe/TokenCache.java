package dev.regdoctor.internal.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Bearer tokens by realm, service, scope and credential identity, kept until {@code issued_at +
 * expires_in} minus a skew. The credential identity is a digest, never the secret itself.
 */
public final class TokenCache {
  private static final Duration SKEW = Duration.ofSeconds(10);
  private static final int MAX_ENTRIES = 10_000;

  private final ConcurrentHashMap<Key, TokenResponse> tokens = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Key, ReentrantLock> fetches = new ConcurrentHashMap<>();
  private final Clock clock;

  public TokenCache(Clock clock) {
    this.clock = clock;
  }

  public record Key(String realm, String service, String scope, String credentialDigest) {}

  public TokenResponse get(Key key) {
    TokenResponse token = tokens.get(key);
    if (token == null) {
      return null;
    }
    if (!clock.instant().isBefore(token.expiresAt().minus(SKEW))) {
      tokens.remove(key, token);
      return null;
    }
    return token;
  }

  public void put(Key key, TokenResponse token) {
    Instant now = clock.instant();
    if (tokens.size() >= MAX_ENTRIES) {
      tokens.entrySet().removeIf(entry -> !now.isBefore(entry.getValue().expiresAt().minus(SKEW)));
      if (tokens.size() >= MAX_ENTRIES) {
        tokens.clear();
      }
    }
    tokens.put(key, token);
  }

  /**
   * Takes the lock for fetching the token of {@code key}, waiting at most {@code wait}, so that
   * concurrent checks of one scope send one token request: the others wait here, then find the
   * token cached (or, if the fetch failed, fetch it themselves). Returns the held lock, to be
   * unlocked after the fetch, or {@code null} when it was not free in time.
   */
  public @Nullable ReentrantLock lockFetch(Key key, Duration wait) {
    if (fetches.size() >= MAX_ENTRIES) {
      fetches.clear(); // at worst one extra token request per scope
    }
    ReentrantLock lock = fetches.computeIfAbsent(key, k -> new ReentrantLock());
    try {
      return lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS) ? lock : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  public int size() {
    return tokens.size();
  }
}
