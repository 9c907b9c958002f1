package dev.regdoctor.internal.http;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A proxy answered 407 Proxy Authentication Required, to the CONNECT or to a request sent through
 * it. {@link #credentialsSent()}: whether the proxy URL had user info, whose Basic credentials were
 * then sent and refused; otherwise the proxy wants credentials and the URL has none. The message
 * never holds the credentials.
 */
public final class ProxyAuthenticationException extends IOException {
  private static final long serialVersionUID = 1L;

  private final boolean credentialsSent;

  public ProxyAuthenticationException(boolean credentialsSent, @Nullable Throwable cause) {
    super(
        credentialsSent
            ? "407 Proxy Authentication Required: the proxy refused the user name and password"
                + " from the proxy URL"
            : "407 Proxy Authentication Required: the proxy requires credentials, and the proxy"
                + " URL has none",
        cause);
    this.credentialsSent = credentialsSent;
  }

  /** Returns whether credentials from the proxy URL were sent (and refused). */
  public boolean credentialsSent() {
    return credentialsSent;
  }
}
