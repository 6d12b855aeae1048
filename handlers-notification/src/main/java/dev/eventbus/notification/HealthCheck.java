package dev.eventbus.notification;

import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container's health check, so the image needs no curl: {@code GET /health/ready} on the admin port
 * ({@code ADMIN_PORT}, 9090 by default); exit status 0 when it answers 200, 1 otherwise.
 */
public final class HealthCheck {

    private HealthCheck() {}

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("ADMIN_PORT", "9090").strip();
        int status;
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health/ready").toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(3000);
            status = c.getResponseCode();
            c.disconnect();
        } catch (Exception e) {
            System.err.println("health check failed: " + e);
            System.exit(1);
            return;
        }
        System.out.println("ready: HTTP " + status);
        System.exit(status == 200 ? 0 : 1);
    }
}
