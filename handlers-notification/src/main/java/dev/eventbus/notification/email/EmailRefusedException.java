package dev.eventbus.notification.email;

/**
 * The mail server (or SES) refused this email permanently: an unknown mailbox, a rejected recipient or
 * message (SMTP 5xx, SES MessageRejected). Sending it again would fail the same way. The message never
 * contains the recipient's address.
 */
public class EmailRefusedException extends Exception {

    private final String code;

    public EmailRefusedException(String code, String maskedDetail) {
        super(code + " " + maskedDetail);
        this.code = code;
    }

    /** The server's reply code ("550", "MessageRejected"). */
    public String code() {
        return code;
    }
}
