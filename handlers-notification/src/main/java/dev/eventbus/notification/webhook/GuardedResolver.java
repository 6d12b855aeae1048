package dev.eventbus.notification.webhook;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The webhook client's DNS hook and socket guard, the two places where SSRF is decided.
 *
 * <p>{@link #resolve(String)} checks the host as written, looks it up (IP literals are parsed, never
 * looked up), and refuses the host if any of its addresses is refused by the policy: a host with one
 * private address among public ones is a rebinding setup. The addresses it returns are the only ones
 * the client connects to, and it remembers them: {@link #socket()} makes sockets whose {@code connect}
 * refuses any address this resolver did not just approve, so no code path (a host given as an address,
 * a redirect, a later library change) can connect to an address that was not checked.
 */
final class GuardedResolver implements DnsResolver {

    /** How long an approved address stays connectable after its lookup (connections follow lookups at once). */
    private static final long APPROVAL_NANOS = 60_000_000_000L;

    private final AddressPolicy policy;
    private final NameResolver names;
    private final Consumer<InetSocketAddress> beforeConnect;
    private final Map<InetAddress, Long> approved = new ConcurrentHashMap<>();

    GuardedResolver(AddressPolicy policy, NameResolver names, Consumer<InetSocketAddress> beforeConnect) {
        this.policy = policy;
        this.names = names;
        this.beforeConnect = beforeConnect;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        Optional<String> syntax = policy.checkHostSyntax(h);
        if (syntax.isPresent()) {
            throw new BlockedAddressException(syntax.get());
        }
        Optional<InetAddress> literal = AddressPolicy.literal(h);
        InetAddress[] addresses = literal.isPresent() ? new InetAddress[] {literal.get()} : names.resolve(h);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(h + " has no addresses");
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = policy.checkAddress(h, address);
            if (refused.isPresent()) {
                throw new BlockedAddressException(refused.get());
            }
        }
        long now = System.nanoTime();
        approved.values().removeIf(at -> now - at > APPROVAL_NANOS);
        for (InetAddress address : addresses) {
            approved.put(address, now);
        }
        return addresses.clone();
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    /** A socket that connects only to an address {@link #resolve} approved. */
    Socket socket() {
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                if (!(endpoint instanceof InetSocketAddress inet) || inet.getAddress() == null || !approved.containsKey(inet.getAddress())) {
                    throw new BlockedAddressException("refusing to connect to " + endpoint + ": no webhook host lookup approved it");
                }
                beforeConnect.accept(inet);
                super.connect(endpoint, timeout);
            }
        };
    }
}
