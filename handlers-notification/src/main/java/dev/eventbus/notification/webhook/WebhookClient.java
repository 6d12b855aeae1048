package dev.eventbus.notification.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Posts signed webhook deliveries with Apache HttpClient 5, guarded against SSRF.
 *
 * <ul>
 *   <li>Each URL is checked against the {@link AddressPolicy} before anything is sent; its host is
 *       resolved by a DNS hook that refuses hosts with any forbidden address, and sockets connect only
 *       to addresses that hook approved (see {@link GuardedResolver}).
 *   <li>Redirects are not followed (a 3xx is a rejection), nothing is retried by the client itself (the
 *       worker's backoff retries), no proxy from the environment, no cookies, no decompression.
 *   <li>Connect and response timeouts, and a deadline for the whole exchange (a server dripping bytes
 *       cannot hold a delivery past connect + response timeout); at most {@code maxResponseBytes} of a
 *       response are read, a longer one closes its connection.
 *   <li>Connections are pooled and reused per endpoint.
 * </ul>
 *
 * Thread-safe.
 */
public final class WebhookClient implements AutoCloseable {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    private final AddressPolicy policy;
    private final CloseableHttpClient http;
    private final PoolingHttpClientConnectionManager connections;
    private final int maxResponseBytes;
    private final Duration deadline;
    private final ScheduledExecutorService timer;

    private WebhookClient(Builder b) {
        this.policy = b.policy;
        this.maxResponseBytes = b.maxResponseBytes;
        this.deadline = b.connectTimeout.plus(b.responseTimeout);
        GuardedResolver guard = new GuardedResolver(b.policy, b.names, b.beforeConnect);
        this.connections = new GuardedConnections(guard)
                .setDnsResolver(guard)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(b.connectTimeout))
                        .setSocketTimeout(Timeout.of(b.responseTimeout))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .setMaxConnTotal(b.maxConnections)
                .setMaxConnPerRoute(b.maxConnections)
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("eventbus-notifications")
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(b.responseTimeout))
                        .setConnectionRequestTimeout(Timeout.of(b.responseTimeout))
                        .build())
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("webhook-deadlines").factory());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Posts {@code body} to {@code url} with the Standard Webhooks headers. Never throws for what the
     * endpoint or the network did: the result says. Interruption (shutdown, lease lost) is rethrown.
     */
    public DeliveryResult post(URI url, String webhookId, long timestampSeconds, String signature, byte[] body) throws InterruptedException {
        Optional<String> refused = policy.checkUrl(url);
        if (refused.isPresent()) {
            return new DeliveryResult(DeliveryResult.Outcome.BLOCKED, "blocked", 0, refused.get());
        }
        HttpPost post = new HttpPost(url);
        post.setHeader("webhook-id", webhookId);
        post.setHeader("webhook-timestamp", Long.toString(timestampSeconds));
        post.setHeader("webhook-signature", signature);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        ScheduledFuture<?> cancel = timer.schedule(post::cancel, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try (ClassicHttpResponse response = http.executeOpen(null, post, null)) {
            int status = response.getCode();
            readAtMost(response.getEntity(), maxResponseBytes);
            return DeliveryResult.ofStatus(status);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("webhook delivery interrupted");
            }
            return ofFailure(e, post.isCancelled());
        } finally {
            cancel.cancel(false);
        }
    }

    private static DeliveryResult ofFailure(IOException e, boolean pastDeadline) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BlockedAddressException blocked) {
                return new DeliveryResult(DeliveryResult.Outcome.BLOCKED, "blocked", 0, blocked.getMessage());
            }
        }
        if (pastDeadline || e instanceof InterruptedIOException) {
            return new DeliveryResult(DeliveryResult.Outcome.RETRY, "timeout", 0, pastDeadline ? "no complete response in time" : "timed out");
        }
        if (e instanceof UnknownHostException) {
            return new DeliveryResult(DeliveryResult.Outcome.RETRY, "connect_error", 0, "host does not resolve");
        }
        String what = e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
        return new DeliveryResult(DeliveryResult.Outcome.RETRY, "connect_error", 0, what);
    }

    /** Reads and drops up to {@code max} bytes; a longer body is left unread, so its connection is closed, not reused. */
    private static void readAtMost(HttpEntity entity, int max) throws IOException {
        if (entity == null) {
            return;
        }
        try (InputStream in = entity.getContent()) {
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > max) {
                    return;
                }
            }
        }
    }

    /** Connections open now, leased and idle (for metrics). */
    public int openConnections() {
        var stats = connections.getTotalStats();
        return stats.getLeased() + stats.getAvailable();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            http.close();
        } catch (IOException e) {
            // closing
        }
    }

    /** A pooling connection manager whose sockets come from the guard, so every connect is checked there. */
    private static final class GuardedConnections extends PoolingHttpClientConnectionManagerBuilder {
        private final GuardedResolver guard;

        GuardedConnections(GuardedResolver guard) {
            this.guard = guard;
        }

        @Override
        protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver schemePortResolver, DnsResolver dnsResolver,
                TlsSocketStrategy tlsSocketStrategy) {
            return new DefaultHttpClientConnectionOperator(proxy -> guard.socket(), schemePortResolver, guard,
                    RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tlsSocketStrategy).build());
        }
    }

    /** Builds a {@link WebhookClient}; every setting has a default. */
    public static final class Builder {
        private AddressPolicy policy = AddressPolicy.strict();
        private NameResolver names = NameResolver.system();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Consumer<InetSocketAddress> beforeConnect = address -> { };

        private Builder() {}

        public Builder policy(AddressPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How host names are looked up (the system resolver by default). */
        public Builder resolver(NameResolver names) {
            this.names = Objects.requireNonNull(names, "names");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        public Builder responseTimeout(Duration responseTimeout) {
            this.responseTimeout = positive(responseTimeout, "responseTimeout");
            return this;
        }

        public Builder maxResponseBytes(int maxResponseBytes) {
            if (maxResponseBytes < 0) {
                throw new IllegalArgumentException("maxResponseBytes must be >= 0, was " + maxResponseBytes);
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /** Told of every address a socket is about to connect to, after the guard approved it (tests watch it). */
        Builder beforeConnect(Consumer<InetSocketAddress> beforeConnect) {
            this.beforeConnect = Objects.requireNonNull(beforeConnect, "beforeConnect");
            return this;
        }

        public WebhookClient build() {
            return new WebhookClient(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
