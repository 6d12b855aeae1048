package dev.eventbus.notification.email;

/**
 * The email transport cannot take messages right now: the SMTP server does not answer or refuses
 * connections, replies 421, or SES is throttling or failing. Nothing was sent; sending again later can
 * succeed. Its message never contains an address.
 */
public class EmailUnavailableException extends Exception {

    public EmailUnavailableException(String maskedMessage, Throwable cause) {
        super(maskedMessage, cause);
    }
}
