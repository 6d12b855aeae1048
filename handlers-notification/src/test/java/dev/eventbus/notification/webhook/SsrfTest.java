package dev.eventbus.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile webhook URLs, each refused before any socket connects to it. Every connect the client makes
 * is recorded (after the guard approved it) and a trap listens on 127.0.0.1, where most of these URLs
 * lead; a benign delivery to the test receiver shows the recorder and the trap would notice one.
 */
class SsrfTest {

    private static final byte[] BODY = "{\"type\":\"order.completed\"}".getBytes(StandardCharsets.UTF_8);

    private static ServerSocket trap;
    private static final AtomicInteger trapped = new AtomicInteger();
    private static HttpServer receiver;
    private static final List<InetSocketAddress> connects = new CopyOnWriteArrayList<>();
    private static WebhookClient client;

    /** Names the test resolver knows; the system resolver is never asked. */
    private static final Map<String, List<String>> DNS = Map.of(
            "evil.example", List.of("127.0.0.1"),
            "metadata.google.internal", List.of("169.254.169.254"),
            "rebind.example", List.of("93.184.216.34", "127.0.0.1"),
            "localhost", List.of("127.0.0.1"),
            "internal.example", List.of("10.0.0.5"),
            "v6loop.example", List.of("::1"),
            "public.example", List.of("93.184.216.34"),
            "receiver.test", List.of("127.0.0.1"));

    @BeforeAll
    static void start() throws IOException {
        trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!trap.isClosed()) {
                try (Socket s = trap.accept()) {
                    trapped.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/ok", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.createContext("/to-metadata", x -> redirect(x, "http://169.254.169.254/latest/meta-data/iam/"));
        receiver.createContext("/to-trap", x -> redirect(x, "http://127.0.0.1:" + trap.getLocalPort() + "/"));
        receiver.start();
        NameResolver table = host -> {
            List<String> addresses = DNS.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] resolved = new InetAddress[addresses.size()];
            for (int i = 0; i < resolved.length; i++) {
                resolved[i] = InetAddress.getByName(addresses.get(i)); // literals only: no lookup
            }
            return resolved;
        };
        Set<String> httpHosts = Set.of("127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "0x7f.1", "::1", "::ffff:127.0.0.1",
                "::ffff:7f00:1", "0:0:0:0:0:ffff:169.254.169.254", "::ffff:a9fe:a9fe", "169.254.169.254", "2852039166", "169.254.170.2",
                "fd00:ec2::254", "fe80::1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "100.64.0.1", "0.0.0.0", "224.0.0.1", "ff02::1",
                "fc00::1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "::127.0.0.1", "255.255.255.255", "evil.example", "metadata.google.internal",
                "rebind.example", "localhost", "internal.example", "v6loop.example", "receiver.test");
        policy = new AddressPolicy(httpHosts, Set.of("receiver.test"));
        resolver = table;
        client = newClient();
    }

    private static AddressPolicy policy;
    private static NameResolver resolver;

    private static WebhookClient newClient() {
        return WebhookClient.builder().policy(policy).resolver(resolver).beforeConnect(connects::add).build();
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange x, String location) throws IOException {
        x.getRequestBody().readAllBytes();
        x.getResponseHeaders().set("Location", location);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    @AfterAll
    static void stop() throws IOException {
        client.close();
        receiver.stop(0);
        trap.close();
    }

    static Stream<String> hostileUrls() {
        int p = trap.getLocalPort();
        return Stream.of(
                "http://127.0.0.1:" + p + "/",
                "http://127.1:" + p + "/",                       // short dotted form
                "http://2130706433:" + p + "/",                  // decimal 127.0.0.1
                "http://0x7f000001:" + p + "/",                  // hex
                "http://0177.0.0.1:" + p + "/",                  // octal
                "http://0x7f.1:" + p + "/",                      // mixed
                "http://[::1]:" + p + "/",
                "http://[::ffff:127.0.0.1]:" + p + "/",          // IPv4-mapped loopback
                "http://[::ffff:7f00:1]:" + p + "/",
                "http://[0:0:0:0:0:ffff:169.254.169.254]/latest/meta-data/", // IPv6-mapped metadata
                "http://[::ffff:a9fe:a9fe]/latest/meta-data/",
                "http://169.254.169.254/latest/meta-data/",      // EC2 metadata
                "http://2852039166/latest/meta-data/",           // the same, decimal
                "http://169.254.170.2/v2/credentials",           // ECS task credentials
                "http://[fd00:ec2::254]/latest/meta-data/",      // EC2 metadata over IPv6
                "http://[fe80::1]/",
                "http://10.0.0.1/",
                "http://172.16.0.1/",
                "http://192.168.1.1/",
                "http://100.64.0.1/",
                "http://0.0.0.0:" + p + "/",
                "http://224.0.0.1/",
                "http://255.255.255.255/",
                "http://[ff02::1]/",
                "http://[fc00::1]/",
                "http://[64:ff9b::a9fe:a9fe]/",                  // NAT64 of the metadata address
                "http://[2002:7f00:1::]:" + p + "/",             // 6to4 of 127.0.0.1
                "http://[::127.0.0.1]:" + p + "/",               // IPv4-compatible
                "http://evil.example:" + p + "/",                // a name resolving to 127.0.0.1
                "https://evil.example:" + p + "/",
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://rebind.example:" + p + "/",              // one public and one loopback address
                "http://localhost:" + p + "/",
                "http://internal.example/",
                "http://v6loop.example:" + p + "/",
                "http://example.com@127.0.0.1:" + p + "/",        // user information before the real host
                "http://public.example/",                        // http is not allowed for this host
                "ftp://public.example/",
                "file:///etc/passwd");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileUrls")
    void hostileUrlIsRefusedBeforeAnySocketConnects(String url) throws Exception {
        int trappedBefore = trapped.get();
        DeliveryResult result = client.post(URI.create(url), "msg_1", 1_700_000_000L, "v1,x", BODY);
        assertThat(result.outcome()).as(result.detail()).isEqualTo(DeliveryResult.Outcome.BLOCKED);
        assertThat(connects).as("connect attempts").isEmpty();
        Thread.sleep(20);
        assertThat(trapped.get()).isEqualTo(trappedBefore);
    }

    @Test
    void redirectsToPrivateAddressesAreNotFollowed() throws Exception {
        try (WebhookClient fresh = newClient()) {
            for (String path : List.of("/to-metadata", "/to-trap")) {
                DeliveryResult result = fresh.post(URI.create("http://receiver.test:" + receiver.getAddress().getPort() + path), "msg_2",
                        1_700_000_000L, "v1,x", BODY);
                assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.REJECTED);
                assertThat(result.status()).isEqualTo(302);
            }
            // one connection, to the receiver, reused for the second delivery; none to where the redirects point
            assertThat(connects).extracting(InetSocketAddress::getPort).containsExactly(receiver.getAddress().getPort());
        } finally {
            connects.clear();
        }
        assertThat(trapped.get()).isZero();
    }

    @Test
    void aPermittedHostIsDeliveredAndItsConnectRecorded() throws Exception {
        try (WebhookClient fresh = newClient()) {
            DeliveryResult result = fresh.post(URI.create("http://receiver.test:" + receiver.getAddress().getPort() + "/ok"), "msg_3",
                    1_700_000_000L, "v1,x", BODY);
            assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            assertThat(connects).extracting(a -> a.getAddress().getHostAddress()).containsExactly("127.0.0.1");
        } finally {
            connects.clear();
        }
    }

    @Test
    void aSocketRefusesAnAddressNoLookupApproved() {
        GuardedResolver guard = new GuardedResolver(AddressPolicy.strict(), host -> new InetAddress[0], a -> { });
        assertThatThrownBy(() -> guard.socket().connect(new InetSocketAddress("127.0.0.1", trap.getLocalPort()), 1000))
                .isInstanceOf(BlockedAddressException.class);
        assertThat(trapped.get()).isZero();
    }

    @Test
    void privateHostsMayReachPrivateAddressesButNeverMetadata() throws Exception {
        AddressPolicy policy = new AddressPolicy(Set.of(), Set.of("internal.example"));
        assertThat(policy.checkAddress("internal.example", InetAddress.getByName("10.0.0.5"))).isEmpty();
        assertThat(policy.checkAddress("internal.example", InetAddress.getByName("127.0.0.1"))).isEmpty();
        assertThat(policy.checkAddress("internal.example", InetAddress.getByName("169.254.169.254"))).isPresent();
        assertThat(policy.checkAddress("internal.example", InetAddress.getByName("fd00:ec2::254"))).isPresent();
        assertThat(policy.checkAddress("other.example", InetAddress.getByName("10.0.0.5"))).isPresent();
        assertThat(policy.checkAddress("other.example", InetAddress.getByName("93.184.216.34"))).isEmpty();
        assertThat(policy.checkAddress("other.example", InetAddress.getByName("2606:4700::1111"))).isEmpty();
    }
}
