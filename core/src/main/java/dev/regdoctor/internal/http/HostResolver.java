package dev.regdoctor.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves host names; the system resolver in production, a fake in tests. */
@FunctionalInterface
public interface HostResolver {
  HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  List<InetAddress> resolve(String host) throws UnknownHostException;
}
