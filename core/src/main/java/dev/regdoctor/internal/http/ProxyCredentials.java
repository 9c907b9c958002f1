package dev.regdoctor.internal.http;

import java.io.IOException;
import okhttp3.Authenticator;
import okhttp3.Challenge;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;
import org.jspecify.annotations.Nullable;

/**
 * Sends the Basic credentials of a {@link UrlProxy} the way Go's net/http does: before any
 * challenge, on the CONNECT that opens a tunnel to an {@code https} registry (OkHttp asks the proxy
 * authenticator first with a fake 407 carrying the {@code OkHttp-Preemptive} challenge) and on
 * every request sent to the proxy for an {@code http} registry (this network interceptor). A real
 * 407 is never answered with a retry: Go fails on it, and so the call fails here too ({@code Failed
 * to authenticate with proxy} for a CONNECT, a 407 answer otherwise), which {@link Exchange} turns
 * into a {@link ProxyAuthenticationException}.
 */
final class ProxyCredentials implements Authenticator, Interceptor {
  static final ProxyCredentials INSTANCE = new ProxyCredentials();

  private static final String HEADER = "Proxy-Authorization";

  private ProxyCredentials() {}

  @Override
  public @Nullable Request authenticate(@Nullable Route route, Response response) {
    if (route == null || !(route.proxy() instanceof UrlProxy proxy)) {
      return null;
    }
    String authorization = proxy.authorization();
    if (authorization == null || !preemptive(response)) {
      return null;
    }
    return response.request().newBuilder().header(HEADER, authorization).build();
  }

  private static boolean preemptive(Response response) {
    for (Challenge challenge : response.challenges()) {
      if (challenge.scheme().equalsIgnoreCase("OkHttp-Preemptive")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Connection connection = chain.connection();
    if (request.isHttps()
        || connection == null
        || request.header(HEADER) != null
        || !(connection.route().proxy() instanceof UrlProxy proxy)
        || proxy.authorization() == null) {
      return chain.proceed(request);
    }
    return chain.proceed(request.newBuilder().header(HEADER, proxy.authorization()).build());
  }
}
