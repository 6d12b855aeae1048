package dev.eventbus.notification.email;

import dev.eventbus.notification.Masking;
import dev.eventbus.notification.metrics.NotificationMetrics;
import dev.eventbus.worker.RetryableException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders and sends the notification emails: one template, one recipient, one event.
 *
 * <ul>
 *   <li>The Message-ID is {@code <TEMPLATE.KEY@DOMAIN>}: the template, the event's id (or a hash of its
 *       business key for messages without one) and the sender's domain. The same event always yields
 *       the same Message-ID, so the rare email sent twice (a crash after the server accepted it, before
 *       the step was recorded) is recognisable as a copy.
 *   <li>A permanent refusal (SMTP 5xx, SES MessageRejected, an address that does not parse) is a
 *       result, not a failure: it is counted ({@code outcome=refused}) and logged with the address masked,
 *       and {@link EmailOutcome#REFUSED} is returned, so the event's other side effects go on and the
 *       email is not retried.
 *   <li>While the transport is down, the send waits at the {@link OutageGate} for up to the hold time
 *       and goes out when it is back; past the hold, or on any other failure, it throws
 *       {@link RetryableException} and the worker retries the attempt with backoff.
 * </ul>
 *
 * Thread-safe. Nothing it logs or throws holds an address, a body or a secret.
 */
public final class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final EmailTransport transport;
    private final EmailTemplates templates;
    private final InternetAddress from;
    private final InternetAddress replyTo;
    private final OutageGate gate;
    private final Duration hold;
    private final NotificationMetrics metrics;
    private final String domain;

    public Mailer(EmailTransport transport, EmailTemplates templates, InternetAddress from, InternetAddress replyTo, OutageGate gate,
            Duration hold, NotificationMetrics metrics) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.from = Objects.requireNonNull(from, "from");
        this.replyTo = replyTo;
        this.gate = Objects.requireNonNull(gate, "gate");
        this.hold = Objects.requireNonNull(hold, "hold");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        String address = from.getAddress();
        this.domain = address.substring(address.lastIndexOf('@') + 1);
        metrics.bindEmailGate(transport.name(), gate);
    }

    /**
     * Sends {@code template} rendered with {@code model} to {@code recipient}.
     *
     * @param eventKey the event's id, or its business key for messages without one
     * @param event the event type (a metric tag)
     * @return SENT or REFUSED
     * @throws RetryableException the email was not sent and may be sent on a later attempt
     * @throws InterruptedException the worker is stopping or lost the message's lease
     */
    public EmailOutcome send(String template, String recipient, Map<String, ?> model, String eventKey, String event)
            throws InterruptedException {
        InternetAddress to;
        try {
            to = OutgoingEmail.recipient(recipient);
        } catch (AddressException e) {
            return refused(template, event, eventKey, recipient, "invalid", "the address does not parse");
        }
        EmailTemplates.Rendered rendered = templates.render(template, model);
        OutgoingEmail email = new OutgoingEmail(from, replyTo, to, rendered.subject(), rendered.text(), rendered.html(),
                messageId(template, eventKey), template);
        while (true) {
            OutageGate.Pass pass = gate.await(hold);
            if (pass == null) {
                metrics.email(transport.name(), template, "failed");
                throw new RetryableException(transport.name() + " has been unavailable for longer than the " + hold.toSeconds()
                        + " s hold; the " + template + " email is retried later");
            }
            try {
                transport.send(email);
                gate.succeeded(pass);
                metrics.email(transport.name(), template, "sent");
                return EmailOutcome.SENT;
            } catch (EmailRefusedException e) {
                gate.otherwise(pass);
                return refused(template, event, eventKey, recipient, e.code(), e.getMessage());
            } catch (EmailUnavailableException e) {
                gate.unavailable(pass);
                if (pass == OutageGate.Pass.OPEN) {
                    log.warn("{} unavailable ({}); holding emails until it answers, for up to {} s each", transport.name(),
                            e.getMessage(), hold.toSeconds());
                }
            } catch (InterruptedException e) {
                gate.otherwise(pass);
                throw e;
            } catch (Exception e) {
                gate.otherwise(pass);
                metrics.email(transport.name(), template, "failed");
                throw new RetryableException("sending the " + template + " email failed: " + Masking.text(e.getMessage()));
            }
        }
    }

    private EmailOutcome refused(String template, String event, String eventKey, String recipient, String code, String detail) {
        metrics.email(transport.name(), template, "refused");
        log.warn("{} email for {} {} refused permanently ({}): {}; recipient {}; not retried", template, event, eventKey, code,
                Masking.text(detail), Masking.email(recipient));
        return EmailOutcome.REFUSED;
    }

    /** {@code <TEMPLATE.KEY@DOMAIN>}, KEY the event id when it is plain, else a hash of it. */
    String messageId(String template, String eventKey) {
        String key = PLAIN_ID.matcher(eventKey).matches() ? eventKey : sha256(eventKey);
        return "<" + template + "." + key + "@" + domain + ">";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String transportName() {
        return transport.name();
    }
}
