package dev.regdoctor.endpoint;

import java.net.InetAddress;
import java.util.List;

/**
 * Resolves a host name for a pull rule that depends on its addresses: dockerd treats a registry as
 * insecure when any address its name resolves to is in {@code 127.0.0.0/8}, {@code ::1} or an
 * {@code insecure-registries} range, so {@code localhost:5000} is insecure like {@code
 * 127.0.0.1:5000}.
 *
 * <p>Implementations bound every lookup in time, return an empty list for a name that does not
 * resolve (in time) instead of throwing, and are thread-safe. {@code RegistryClient#addresses} is
 * one: the client's resolver within its DNS timeout.
 */
@FunctionalInterface
public interface AddressLookup {
  /** Resolves nothing: only IP literals and exact {@code insecure-registries} entries count. */
  AddressLookup NONE = host -> List.of();

  /**
   * Returns the addresses {@code host} resolves to, or an empty list when it does not resolve.
   *
   * @param host a host name without port or brackets, e.g. {@code localhost}
   */
  List<InetAddress> addresses(String host);
}
