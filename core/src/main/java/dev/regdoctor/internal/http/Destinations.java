package dev.regdoctor.internal.http;

import dev.regdoctor.internal.http.Addresses.AddressClass;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Where the requests made for one registry may go. The registry's own host always; any other host
 * (a token realm, a redirect target) only at an address that does not lead somewhere the registry
 * itself does not live: never loopback or link-local (cloud metadata) unless it is an address the
 * registry was reached at, and private networks only when the registry itself is inside one.
 *
 * <p>The rule is applied to the address a request actually goes to, three times: to IP literals in
 * every form before anything is sent ({@link #literalProblem}), to what DNS and {@code --resolve}
 * return ({@link Transport.BoundedDns} drops refused addresses), and to the connected socket before
 * the first request byte is written ({@link ConnectionGuard}). Thread-safe; the addresses the
 * registry was reached at accumulate as its checks connect.
 */
public final class Destinations {
  private static final ThreadLocal<@Nullable Destinations> ACTIVE = new ThreadLocal<>();

  private final String registryHost;
  private final Set<InetAddress> own = ConcurrentHashMap.newKeySet();

  public Destinations(String registryHost) {
    this.registryHost = normalize(registryHost);
    InetAddress literal = Addresses.anyLiteral(registryHost);
    if (literal != null) {
      own.add(literal);
    }
  }

  /**
   * Lower case, without brackets and without one trailing dot ({@code Reg.Test.} = {@code
   * reg.test}).
   */
  public static String normalize(String host) {
    String text = host.toLowerCase(Locale.ROOT);
    if (text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1);
    }
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }

  /** Whether {@code host} names the registry itself. */
  public boolean isRegistry(String host) {
    return normalize(host).equals(registryHost);
  }

  /** Records that a request for {@code host} reached {@code address}. */
  public void connected(String host, InetAddress address) {
    if (isRegistry(host)) {
      own.add(address);
    }
  }

  /** The addresses the registry was reached at so far. */
  public Set<InetAddress> own() {
    return Set.copyOf(own);
  }

  /** Why a request for {@code host} must not go to {@code address}; {@code null} when it may. */
  public @Nullable String problem(String host, InetAddress address) {
    if (isRegistry(host) || own.contains(address)) {
      return null;
    }
    AddressClass kind = Addresses.classify(address);
    String where =
        Addresses.literal(host) != null || Addresses.anyLiteral(host) != null
            ? host
            : host + " (" + IpLiterals.format(address) + ")";
    return switch (kind) {
      case PUBLIC -> null;
      case PRIVATE ->
          registryInside()
              ? null
              : where
                  + " is a private-network address, and the registry "
                  + registryHost
                  + " is not on a private network"
                  + ownText();
      case LINK_LOCAL ->
          where
              + " is a link-local address (where cloud metadata services answer), not the"
              + " registry's own"
              + ownText();
      case LOOPBACK ->
          where + " is a loopback address of this machine, not the registry's own" + ownText();
    };
  }

  /** Applies {@link #problem} to {@code host} if it is an IP literal in any form; no DNS. */
  public @Nullable String literalProblem(String host) {
    InetAddress address = Addresses.anyLiteral(host);
    return address == null ? null : problem(host, address);
  }

  private boolean registryInside() {
    return own.stream().anyMatch(address -> Addresses.classify(address) != AddressClass.PUBLIC);
  }

  private String ownText() {
    return own.isEmpty()
        ? ""
        : " ("
            + own.stream().map(IpLiterals::format).sorted().collect(Collectors.joining(", "))
            + ")";
  }

  /** The policy of the request the calling thread is sending, for the DNS hook. */
  static @Nullable Destinations active() {
    return ACTIVE.get();
  }

  static void activate(@Nullable Destinations destinations) {
    if (destinations == null) {
      ACTIVE.remove();
    } else {
      ACTIVE.set(destinations);
    }
  }

  @Override
  public String toString() {
    return "Destinations[" + registryHost + ", own=" + own() + "]";
  }
}
