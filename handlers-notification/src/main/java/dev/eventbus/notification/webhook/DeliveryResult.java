package dev.eventbus.notification.webhook;

/**
 * What one webhook delivery came to.
 *
 * @param outcome delivered, to retry, rejected (permanent for this endpoint), or blocked (SSRF policy)
 * @param statusClass a bounded metric tag: {@code 2xx} ... {@code 5xx}, {@code timeout}, {@code connect_error},
 *     {@code blocked}
 * @param status the HTTP status, or 0 when no response came
 * @param detail a short explanation for the log (no secrets, no body)
 */
public record DeliveryResult(Outcome outcome, String statusClass, int status, String detail) {

    public enum Outcome {
        DELIVERED,
        RETRY,
        REJECTED,
        BLOCKED;

        /** The metric tag value. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The outcome of an HTTP status: 2xx delivered; 408, 429 and 5xx retried; anything else rejected. */
    static DeliveryResult ofStatus(int status) {
        String statusClass = (status / 100) + "xx";
        if (status >= 200 && status < 300) {
            return new DeliveryResult(Outcome.DELIVERED, statusClass, status, "HTTP " + status);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new DeliveryResult(Outcome.RETRY, statusClass, status, "HTTP " + status);
        }
        return new DeliveryResult(Outcome.REJECTED, statusClass, status, "HTTP " + status
                + (status < 400 ? " (redirects are not followed)" : ""));
    }
}
