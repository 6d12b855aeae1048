package dev.eventbus.notification.email;

import dev.eventbus.notification.Masking;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Sends email over SMTP with Jakarta Mail (Angus Mail), reusing connections: at most
 * {@link SmtpSettings#connections()} are open, each taken by one email at a time and put back for the
 * next, so a steady stream of email opens a handful of connections, not one per message.
 *
 * <p>A connection that sat idle past {@link SmtpSettings#maxIdle()} is replaced before use. One that
 * fails while sending is closed; if it was a reused connection (the server may have dropped it) the
 * email is tried once more on a fresh one before the failure counts. Replies are classified: 5xx to a
 * recipient or to the message is a permanent refusal ({@link EmailRefusedException}); a connection that
 * cannot be made or breaks, 421, and a failed login are an outage ({@link EmailUnavailableException});
 * other 4xx replies are temporary failures. Thread-safe.
 */
public final class SmtpTransport implements EmailTransport {

    private record Connection(Transport transport, long lastUsedNanos, int sent) {}

    private final SmtpSettings settings;
    private final Session session;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicLong opened = new AtomicLong();
    private volatile boolean closed;

    public SmtpTransport(SmtpSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
        this.permits = new Semaphore(settings.connections(), true);
    }

    static Properties properties(SmtpSettings s) {
        Properties p = new Properties();
        String timeout = Long.toString(s.timeout().toMillis());
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", s.host());
        p.setProperty("mail.smtp.port", Integer.toString(s.port()));
        p.setProperty("mail.smtp.connectiontimeout", timeout);
        p.setProperty("mail.smtp.timeout", timeout);
        p.setProperty("mail.smtp.writetimeout", timeout);
        p.setProperty("mail.smtp.auth", Boolean.toString(s.username() != null));
        switch (s.security()) {
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> { }
        }
        if (s.trustedHosts() != null) {
            // a relay with a self-signed certificate: trusted by name, its certificate (and so its name in it) not checked
            p.setProperty("mail.smtp.ssl.trust", s.trustedHosts());
            p.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        }
        return p;
    }

    @Override
    public void send(OutgoingEmail email) throws Exception {
        if (closed) {
            throw new IllegalStateException("the SMTP transport is closed");
        }
        MimeMessage message = MimeEmails.toMime(session, email);
        permits.acquire();
        try {
            Connection connection = borrow();
            boolean reused = connection.sent() > 0;
            try {
                sendOn(connection, message);
            } catch (EmailUnavailableException e) {
                if (!reused) {
                    throw e;
                }
                // the server may have dropped a connection that looked alive: one more try, on a fresh one
                sendOn(connect(), message);
            }
        } finally {
            permits.release();
        }
    }

    private void sendOn(Connection connection, MimeMessage message) throws Exception {
        try {
            connection.transport().sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            closeQuietly(connection.transport());
            throw classify(e);
        }
        int sent = connection.sent() + 1;
        if (closed || (settings.maxMessagesPerConnection() > 0 && sent >= settings.maxMessagesPerConnection())) {
            closeQuietly(connection.transport());
        } else {
            idle.push(new Connection(connection.transport(), System.nanoTime(), sent));
        }
    }

    /** The most recently used idle connection that is still fresh, else a new one. */
    private Connection borrow() throws Exception {
        Connection c;
        while ((c = idle.poll()) != null) {
            if (System.nanoTime() - c.lastUsedNanos() <= settings.maxIdle().toNanos() && c.transport().isConnected()) {
                return c;
            }
            closeQuietly(c.transport());
        }
        return connect();
    }

    private Connection connect() throws Exception {
        Transport transport = session.getTransport("smtp");
        try {
            if (settings.username() != null) {
                transport.connect(settings.username(), settings.password());
            } else {
                transport.connect();
            }
        } catch (MessagingException e) {
            closeQuietly(transport);
            // no transaction started: whatever went wrong while connecting (no answer, a bad greeting,
            // a refused login) means the server cannot take mail now
            Exception failure = classify(e);
            throw failure instanceof EmailUnavailableException ? failure
                    : new EmailUnavailableException("SMTP connection failed: " + Masking.text(e.getMessage()), e);
        }
        opened.incrementAndGet();
        return new Connection(transport, System.nanoTime(), 0);
    }

    /** What a failure means for this email; the result's message never holds an address. */
    static Exception classify(MessagingException e) {
        for (Exception t = e; t != null; t = t instanceof MessagingException m ? m.getNextException() : null) {
            if (t instanceof SMTPAddressFailedException a) {
                return byCode(a.getReturnCode(), "recipient refused: " + Masking.text(a.getMessage()), e);
            }
            if (t instanceof SMTPSendFailedException f) {
                return byCode(f.getReturnCode(), "message refused: " + Masking.text(f.getMessage()), e);
            }
        }
        if (e instanceof AuthenticationFailedException) {
            return new EmailUnavailableException("SMTP login refused: " + Masking.text(e.getMessage()), e);
        }
        if (e instanceof MailConnectException || hasIoCause(e)) {
            return new EmailUnavailableException("SMTP server unreachable: " + Masking.text(e.getMessage()), e);
        }
        return new MessagingException("SMTP send failed: " + Masking.text(e.getMessage()));
    }

    private static Exception byCode(int code, String what, MessagingException cause) {
        if (code >= 500) {
            return new EmailRefusedException(Integer.toString(code), what);
        }
        if (code == 421) {
            return new EmailUnavailableException("SMTP server closing the connection (421): " + what, cause);
        }
        return new MessagingException("temporary SMTP failure (" + code + "): " + what);
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            if (t instanceof MessagingException m && m.getNextException() instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Connections this transport has opened so far (the goal: a few per thousand emails). */
    public long connectionsOpened() {
        return opened.get();
    }

    /** Connections open and idle now. */
    public int idleConnections() {
        return idle.size();
    }

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c.transport());
        }
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            // the connection is gone either way
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
