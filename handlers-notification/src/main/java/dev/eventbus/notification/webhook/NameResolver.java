package dev.eventbus.notification.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Looks up a host name's addresses; the system resolver in production, a table in tests. */
@FunctionalInterface
public interface NameResolver {

    InetAddress[] resolve(String host) throws UnknownHostException;

    static NameResolver system() {
        return InetAddress::getAllByName;
    }
}
