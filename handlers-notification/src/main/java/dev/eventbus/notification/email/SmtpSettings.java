package dev.eventbus.notification.email;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach an SMTP server and how many connections to keep to it.
 *
 * @param host the server
 * @param port its port; see {@link Security} for the usual one per mode
 * @param security STARTTLS (required, not opportunistic), implicit TLS, or none (a relay on localhost)
 * @param username for SMTP AUTH, or {@code null} to send without authenticating
 * @param password with {@code username}
 * @param connections most connections open (and emails in transit) at once; each is reused for the
 *     next email rather than opened per message
 * @param timeout for connecting, and for each server reply
 * @param maxIdle a connection unused for longer is closed and reopened before the next email (servers
 *     drop idle sessions)
 * @param maxMessagesPerConnection a connection is closed after this many emails; 0 for no limit
 * @param trustedHosts hosts whose TLS certificate is accepted without verification (a relay with a
 *     self-signed certificate), space-separated, or {@code null}
 */
public record SmtpSettings(
        String host, int port, Security security, String username, String password, int connections, Duration timeout,
        Duration maxIdle, int maxMessagesPerConnection, String trustedHosts) {

    public static final int DEFAULT_CONNECTIONS = 4;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_IDLE = Duration.ofSeconds(30);

    /** How the connection is protected. */
    public enum Security {
        /** Plain connection upgraded with STARTTLS, which must succeed (port 587). */
        STARTTLS(587),
        /** TLS from the first byte (port 465). */
        TLS(465),
        /** No encryption: only for a relay on the same host or network (port 25). */
        NONE(25);

        private final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() {
            return defaultPort;
        }
    }

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxIdle, "maxIdle");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within 1..65535, was " + port);
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1, was " + connections);
        }
        if (maxMessagesPerConnection < 0) {
            throw new IllegalArgumentException("maxMessagesPerConnection must be >= 0, was " + maxMessagesPerConnection);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("SMTP authentication needs both a username and a password");
        }
    }

    /** A server without authentication, with the default pool and timeouts. */
    public static SmtpSettings of(String host, int port, Security security) {
        return new SmtpSettings(host, port, security, null, null, DEFAULT_CONNECTIONS, DEFAULT_TIMEOUT, DEFAULT_MAX_IDLE, 0, null);
    }

    public SmtpSettings withCredentials(String username, String password) {
        return new SmtpSettings(host, port, security, username, password, connections, timeout, maxIdle, maxMessagesPerConnection, trustedHosts);
    }

    public SmtpSettings withConnections(int connections) {
        return new SmtpSettings(host, port, security, username, password, connections, timeout, maxIdle, maxMessagesPerConnection, trustedHosts);
    }

    public SmtpSettings withTimeout(Duration timeout) {
        return new SmtpSettings(host, port, security, username, password, connections, timeout, maxIdle, maxMessagesPerConnection, trustedHosts);
    }

    public SmtpSettings withMaxIdle(Duration maxIdle) {
        return new SmtpSettings(host, port, security, username, password, connections, timeout, maxIdle, maxMessagesPerConnection, trustedHosts);
    }

    public SmtpSettings withMaxMessagesPerConnection(int max) {
        return new SmtpSettings(host, port, security, username, password, connections, timeout, maxIdle, max, trustedHosts);
    }

    public SmtpSettings withTrustedHosts(String trustedHosts) {
        return new SmtpSettings(host, port, security, username, password, connections, timeout, maxIdle, maxMessagesPerConnection, trustedHosts);
    }

    @Override
    public String toString() {
        // never the password
        return "smtp " + host + ":" + port + " (" + security.name().toLowerCase(java.util.Locale.ROOT) + (username != null ? ", auth" : "")
                + ", " + connections + " connections)";
    }
}
