package dev.eventbus.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Docker engine API on a loopback port that answers like a daemon with no image registry in reach: it
 * pings, reports its version and info, has no images, and fails every pull with the server error a real
 * daemon sends when the registry cannot be resolved. A test double for {@link EmulatorsFallbackIT}; it
 * records each request line so the test can tell the Docker path was really taken.
 */
final class FakeDockerEngine implements AutoCloseable {

    static final String PULL_ERROR = "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host";

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private FakeDockerEngine(HttpServer server) {
        this.server = server;
    }

    static FakeDockerEngine start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        FakeDockerEngine engine = new FakeDockerEngine(server);
        server.createContext("/", engine::answer);
        server.start();
        return engine;
    }

    /** What a client sets DOCKER_HOST to. */
    String dockerHost() {
        return "tcp://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request so far, as {@code METHOD /path?query}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        exchange.getRequestBody().readAllBytes();
        if (path.endsWith("/_ping")) {
            send(exchange, 200, "text/plain", "OK");
        } else if (path.endsWith("/version")) {
            send(exchange, 200, "application/json", """
                    {"Version":"24.0.7","ApiVersion":"1.44","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64",\
                    "GoVersion":"go1.21.5","KernelVersion":"6.1.0"}""");
        } else if (path.endsWith("/info")) {
            send(exchange, 200, "application/json", """
                    {"ID":"fake","Containers":0,"Images":0,"ServerVersion":"24.0.7","OperatingSystem":"Debian GNU/Linux 12",\
                    "OSType":"linux","Architecture":"x86_64","MemTotal":25769803776,"NCPU":2,"Name":"fake-docker",\
                    "IndexServerAddress":"https://index.docker.io/v1/"}""");
        } else if (path.endsWith("/images/create")) {
            send(exchange, 500, "application/json", "{\"message\":\"" + PULL_ERROR.replace("\"", "\\\"") + "\"}");
        } else if (path.endsWith("/images/json") || path.endsWith("/containers/json") || path.endsWith("/networks")) {
            send(exchange, 200, "application/json", "[]");
        } else {
            send(exchange, 404, "application/json", "{\"message\":\"No such image or object: " + path + "\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Api-Version", "1.44");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
