package dev.eventbus.notification.email;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Turns an {@link OutgoingEmail} into a MIME message: {@code multipart/alternative} with the plain text
 * first and the HTML last (clients show the last part they can render), UTF-8 throughout, and the
 * email's own Message-ID, which Jakarta Mail would otherwise replace with a random one when saving.
 */
public final class MimeEmails {

    private static final Session PLAIN = Session.getInstance(new Properties());

    private MimeEmails() {}

    public static MimeMessage toMime(Session session, OutgoingEmail email) throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, email.messageId());
        message.setFrom(email.from());
        if (email.replyTo() != null) {
            message.setReplyTo(new jakarta.mail.Address[] {email.replyTo()});
        }
        message.setRecipient(Message.RecipientType.TO, email.to());
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.setSentDate(new java.util.Date());
        message.saveChanges();
        return message;
    }

    /** The message as the bytes a raw send (SES) transmits. */
    public static byte[] toBytes(OutgoingEmail email) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            toMime(PLAIN, email).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A MIME message whose Message-ID is the one given, not a fresh random one. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
