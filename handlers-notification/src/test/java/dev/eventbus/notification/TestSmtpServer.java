package dev.eventbus.notification;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GreenMail's SMTP server, a real SMTP server in the test JVM, with two additions the tests need: it
 * keeps what it received across {@link #stop()} and {@link #start()} (an outage on the same port), and it
 * refuses chosen recipients permanently ({@code 550 5.1.1}) as a real server refuses an unknown mailbox.
 */
final class TestSmtpServer extends GreenMail {

    private final RefusingManagers kept;
    private final int port;
    private final AtomicInteger sessions = new AtomicInteger();

    private TestSmtpServer(int port, RefusingManagers kept) {
        super(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        this.port = port;
        this.kept = kept;
    }

    static TestSmtpServer start(Set<String> refusedRecipients) {
        TestSmtpServer server = new TestSmtpServer(freePort(), new RefusingManagers(refusedRecipients));
        server.start();
        return server;
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers mgr) {
        // the same mailboxes before and after a restart (GreenMail makes new ones on stop)
        managers = kept != null ? kept : mgr;
        return super.createServices(config, managers);
    }

    /**
     * Stops as a mail server does for maintenance: new transactions are refused with {@code 421 4.3.2}
     * (RFC 5321's "service shutting down"), transactions already past MAIL FROM get half a second to
     * finish, then every connection is closed and the port refuses connections until {@link #start()}.
     * (Killing it abruptly instead can cut a transaction after the server stored the message but before
     * its 250 reached the client: that email is sent again, with the same Message-ID. No SMTP client
     * can avoid that window.)
     */
    void shutDown() throws InterruptedException {
        kept.shuttingDown = true;
        Thread.sleep(500);
        stop();
        kept.shuttingDown = false;
    }

    int port() {
        return port;
    }

    List<MimeMessage> messages() {
        return List.of(getReceivedMessages());
    }

    private static final class RefusingManagers extends Managers {
        private final SmtpManager smtp;
        private volatile boolean shuttingDown;

        RefusingManagers(Set<String> refused) {
            Set<String> lower = ConcurrentHashMap.newKeySet();
            refused.forEach(r -> lower.add(r.toLowerCase(java.util.Locale.ROOT)));
            this.smtp = new SmtpManager(getImapHostManager(), getUserManager()) {
                @Override
                public String checkSender(SmtpState state, MailAddress sender) {
                    return shuttingDown ? "421 4.3.2 Service shutting down, try again later" : null;
                }

                @Override
                public String checkRecipient(SmtpState state, MailAddress rcpt) {
                    return lower.contains(rcpt.getEmail().toLowerCase(java.util.Locale.ROOT))
                            ? "550 5.1.1 <" + rcpt.getEmail() + ">: Recipient address rejected: User unknown" : null;
                }
            };
        }

        @Override
        public SmtpManager getSmtpManager() {
            return smtp;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
