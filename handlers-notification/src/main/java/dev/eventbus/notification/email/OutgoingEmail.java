package dev.eventbus.notification.email;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Objects;

/**
 * One email ready to send: sender, recipient, subject, the plain-text and HTML bodies, and the
 * Message-ID it goes out with.
 *
 * @param from the sender (with its display name)
 * @param replyTo where replies go, or {@code null}
 * @param to the single recipient
 * @param subject one line
 * @param text the plain-text alternative
 * @param html the HTML body
 * @param messageId the Message-ID header, with its angle brackets
 * @param template which template produced it (a metric tag)
 */
public record OutgoingEmail(
        InternetAddress from, InternetAddress replyTo, InternetAddress to, String subject, String text, String html, String messageId,
        String template) {

    public OutgoingEmail {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(template, "template");
        // a subject is one header line: no line breaks can add headers
        subject = subject.replaceAll("[\\r\\n]+", " ").strip();
    }

    /** Parses a recipient strictly (RFC 822 syntax, one address); throws {@link AddressException} otherwise. */
    public static InternetAddress recipient(String address) throws AddressException {
        InternetAddress parsed = new InternetAddress(address, true);
        parsed.validate();
        return parsed;
    }
}
