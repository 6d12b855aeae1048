package dev.eventbus.notification.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.InternetAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SMTP transport against GreenMail: connections reused, implicit TLS, AUTH, and what a refused login is. */
class SmtpTransportIT {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static OutgoingEmail email(int i) throws Exception {
        return new OutgoingEmail(new InternetAddress("orders@shop.example"), null, new InternetAddress("user" + i + "@example.com"),
                "subject " + i, "text " + i, "<p>html " + i + "</p>", "<test." + i + "@shop.example>", "test");
    }

    @Test
    void aStreamOfEmailsReusesOneConnection() throws Exception {
        GreenMail server = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        try (SmtpTransport smtp = new SmtpTransport(SmtpSettings.of("127.0.0.1", server.getSmtp().getPort(), SmtpSettings.Security.NONE))) {
            for (int i = 0; i < 200; i++) {
                smtp.send(email(i));
            }
            assertThat(server.getReceivedMessages()).hasSize(200);
            assertThat(smtp.connectionsOpened()).isEqualTo(1);
        } finally {
            server.stop();
        }
    }

    @Test
    void implicitTlsWithAuthenticationDelivers() throws Exception {
        GreenMail server = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        server.start();
        server.setUser("mailer", "mailer", "s3cret");
        SmtpSettings tls = SmtpSettings.of("127.0.0.1", server.getSmtps().getPort(), SmtpSettings.Security.TLS)
                .withCredentials("mailer", "s3cret");
        try (SmtpTransport trusting = new SmtpTransport(tls.withTrustedHosts("127.0.0.1"));
                SmtpTransport verifying = new SmtpTransport(tls.withTimeout(Duration.ofSeconds(3)))) {
            trusting.send(email(1));
            assertThat(server.getReceivedMessages()).hasSize(1);
            assertThat(server.getReceivedMessages()[0].getMessageID()).isEqualTo("<test.1@shop.example>");
            assertThatThrownBy(() -> verifying.send(email(2)))
                    .as("GreenMail's self-signed certificate is not trusted unless the host is named")
                    .isInstanceOf(EmailUnavailableException.class);
        } finally {
            server.stop();
        }
    }

    @Test
    void aRefusedLoginIsAnOutageNotARefusedEmail() throws Exception {
        GreenMail server = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        server.setUser("mailer", "mailer", "right");
        try (SmtpTransport smtp = new SmtpTransport(SmtpSettings.of("127.0.0.1", server.getSmtp().getPort(), SmtpSettings.Security.NONE)
                .withCredentials("mailer", "wrong"))) {
            assertThatThrownBy(() -> smtp.send(email(1))).isInstanceOf(EmailUnavailableException.class).hasMessageNotContaining("wrong");
        } finally {
            server.stop();
        }
    }
}
