package dev.eventbus.notification;

import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container's health check, so the image needs no curl: {@code GET /health/ready} on the admin port
 * ({@code ADMIN_PORT}, 9090 by default); exit status 0 when it answers 200, 1 otherwise.
 *
 * <p>Arguments, both optional: {@code ready} (the default) or {@code live}, then the port. The image's
 * {@code HEALTHCHECK} asks for readiness; an orchestrator that replaces unhealthy tasks (ECS) asks
 * {@code live}, so a Redis outage, during which the worker is alive but paused, does not get its tasks killed.
 */
public final class HealthCheck {

    private HealthCheck() {}

    public static void main(String[] args) {
        String check = args.length > 0 ? args[0] : "ready";
        if (!check.equals("ready") && !check.equals("live")) {
            System.err.println("usage: HealthCheck [ready|live] [port]");
            System.exit(2);
            return;
        }
        String port = args.length > 1 ? args[1] : System.getenv().getOrDefault("ADMIN_PORT", "9090").strip();
        int status;
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health/" + check).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(3000);
            status = c.getResponseCode();
            c.disconnect();
        } catch (Exception e) {
            System.err.println("health check failed: " + e);
            System.exit(1);
            return;
        }
        System.out.println(check + ": HTTP " + status);
        System.exit(status == 200 ? 0 : 1);
    }
}
