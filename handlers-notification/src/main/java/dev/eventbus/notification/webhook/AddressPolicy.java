package dev.eventbus.notification.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which webhook URLs and addresses the worker may reach (SSRF protection).
 *
 * <ul>
 *   <li>Schemes: {@code https}; {@code http} only for hosts named in {@code httpHosts}.
 *   <li>Hosts written as numbers other than a plain dotted quad ({@code 2130706433}, {@code 0x7f.1},
 *       {@code 0177.0.0.1}, {@code 127.1}) are refused outright: resolvers read them as addresses, and a
 *       real endpoint never needs them.
 *   <li>Addresses: never loopback, unspecified, private (10/8, 172.16/12, 192.168/16, fc00::/7),
 *       carrier-grade NAT (100.64/10), link-local (169.254/16, fe80::/10, which hold the EC2, ECS and EKS
 *       metadata and credential endpoints), multicast, broadcast, reserved or documentation ranges;
 *       IPv4 embedded in IPv6 (mapped {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64
 *       {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is judged as the IPv4 it carries; Teredo is refused.
 *   <li>{@code privateHosts} names hosts (an internal endpoint, a test receiver) that may resolve to
 *       loopback or private addresses; cloud-metadata, link-local, multicast and unspecified addresses
 *       stay refused for them too.
 * </ul>
 */
public final class AddressPolicy {

    private static final Pattern NUMERIC_PART = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");
    private static final Pattern CANONICAL_QUAD = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private final Set<String> httpHosts;
    private final Set<String> privateHosts;

    public AddressPolicy(Set<String> httpHosts, Set<String> privateHosts) {
        this.httpHosts = lower(httpHosts);
        this.privateHosts = lower(privateHosts);
    }

    /** https only, no private hosts. */
    public static AddressPolicy strict() {
        return new AddressPolicy(Set.of(), Set.of());
    }

    /** Why {@code url} may not be used as a webhook URL (before resolving its host), if it may not. */
    public Optional<String> checkUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = hostOf(url);
        if (host == null || host.isEmpty()) {
            return Optional.of("the URL names no host");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("the URL carries user information");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && httpHosts.contains(host))) {
            return Optional.of(scheme.equals("http") ? "http is not allowed for " + host + " (only https, unless the host is named in the http allowance)"
                    : "scheme " + (scheme.isEmpty() ? "(none)" : scheme) + " is not allowed (only https)");
        }
        return checkHostSyntax(host);
    }

    /** Why a host as written may not be used, if it may not: a numeric form that is not a plain address. */
    public Optional<String> checkHostSyntax(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (isNumeric(h) && !CANONICAL_QUAD.matcher(h).matches()) {
            return Optional.of("host " + host + " is an address in a non-canonical numeric form");
        }
        return Optional.empty();
    }

    /** Why {@code host} may not be reached at {@code address}, if it may not. */
    public Optional<String> checkAddress(String host, InetAddress address) {
        boolean privateAllowed = host != null && privateHosts.contains(host.toLowerCase(Locale.ROOT));
        return classify(address).filter(kind -> !(privateAllowed && kind.allowedForPrivateHosts))
                .map(kind -> "address " + address.getHostAddress() + " of " + host + " is " + kind.description);
    }

    /** The host of a URL, without IPv6 brackets, lower case; {@code null} if it has none. */
    public static String hostOf(URI url) {
        String host = url.getHost();
        if (host == null && url.getRawAuthority() != null) {
            // java.net.URI leaves the host out when it is neither a name nor an address it knows (127.1, 0x7f.1)
            String authority = url.getRawAuthority();
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = authority.lastIndexOf(':');
            host = colon > 0 && !authority.endsWith("]") ? authority.substring(0, colon) : authority;
        }
        if (host == null) {
            return null;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** The address written as {@code host}, when the host is an IP literal (a dotted quad or IPv6). */
    static Optional<InetAddress> literal(String host) {
        if (CANONICAL_QUAD.matcher(host).matches() || host.indexOf(':') >= 0) {
            try {
                // an IP literal: parsed, never looked up
                return Optional.of(InetAddress.getByName(host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean isNumeric(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return false;
        }
        for (String part : parts) {
            if (!NUMERIC_PART.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    private enum Kind {
        UNSPECIFIED("unspecified", false),
        LOOPBACK("loopback", true),
        PRIVATE("private", true),
        SHARED("carrier-grade NAT (shared) space", true),
        METADATA("a cloud metadata or credentials address", false),
        LINK_LOCAL("link-local", false),
        MULTICAST("multicast", false),
        RESERVED("reserved, broadcast or for documentation", false),
        TUNNEL("a Teredo tunnel address", false);

        final String description;
        final boolean allowedForPrivateHosts;

        Kind(String description, boolean allowedForPrivateHosts) {
            this.description = description;
            this.allowedForPrivateHosts = allowedForPrivateHosts;
        }
    }

    private static Optional<Kind> classify(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return classify4(b);
        }
        if (address instanceof Inet6Address) {
            return classify6(b);
        }
        return Optional.of(Kind.RESERVED);
    }

    private static Optional<Kind> classify4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 169 && a1 == 254 && ((a2 == 169 && a3 == 254) || (a2 == 170 && (a3 == 2 || a3 == 23)))) {
            return Optional.of(Kind.METADATA);
        }
        if (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200) {
            return Optional.of(Kind.METADATA); // Alibaba Cloud's metadata service
        }
        if (a0 == 0) {
            return Optional.of(Kind.UNSPECIFIED);
        }
        if (a0 == 127) {
            return Optional.of(Kind.LOOPBACK);
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return Optional.of(Kind.PRIVATE);
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Optional.of(Kind.SHARED);
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of(Kind.LINK_LOCAL);
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of(Kind.MULTICAST);
        }
        if (a0 >= 240 // 240/4 reserved, with 255.255.255.255
                || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) // IETF protocol assignments, TEST-NET-1
                || (a0 == 192 && a1 == 88 && a2 == 99) // 6to4 relay anycast
                || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
                || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) { // TEST-NET-2, -3
            return Optional.of(Kind.RESERVED);
        }
        return Optional.empty();
    }

    private static Optional<Kind> classify6(byte[] b) {
        if (isZero(b, 0, 16)) {
            return Optional.of(Kind.UNSPECIFIED);
        }
        if (isZero(b, 0, 15) && b[15] == 1) {
            return Optional.of(Kind.LOOPBACK);
        }
        if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return classify4(slice(b, 12)); // ::ffff:a.b.c.d, mapped
        }
        if (isZero(b, 0, 12)) {
            return classify4(slice(b, 12)).or(() -> Optional.of(Kind.RESERVED)); // ::a.b.c.d, compatible (deprecated)
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (w0 == 0x0064 && w1 == 0xff9b) {
            return classify4(slice(b, 12)).or(() -> Optional.of(Kind.RESERVED)); // NAT64; 64:ff9b:1::/48 local use
        }
        if (w0 == 0x2002) {
            return classify4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4 carries the IPv4 in bits 16..47
        }
        if (w0 == 0x2001 && w1 == 0x0000) {
            return Optional.of(Kind.TUNNEL);
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return Optional.of(Kind.RESERVED);
        }
        if (w0 == 0xfd00 && w1 == 0x0ec2) {
            return Optional.of(Kind.METADATA); // fd00:ec2::254 (EC2), fd00:ec2::23 (EKS Pod Identity)
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of(Kind.PRIVATE);
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return Optional.of(Kind.LINK_LOCAL);
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return Optional.of(Kind.PRIVATE); // site-local, deprecated
        }
        if ((b[0] & 0xff) == 0xff) {
            return Optional.of(Kind.MULTICAST);
        }
        if (w0 == 0x0100 && w1 == 0 && isZero(b, 4, 8)) {
            return Optional.of(Kind.RESERVED); // discard-only 100::/64
        }
        return Optional.empty();
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    private static Set<String> lower(Set<String> hosts) {
        return hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
