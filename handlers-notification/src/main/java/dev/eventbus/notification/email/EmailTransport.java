package dev.eventbus.notification.email;

/**
 * Hands an email to a mail service. Implementations are thread-safe and block until the service has
 * accepted or refused the message.
 */
public interface EmailTransport extends AutoCloseable {

    /**
     * Sends {@code email}. Returns when the service accepted it.
     *
     * @throws EmailRefusedException refused permanently; do not send it again
     * @throws EmailUnavailableException the service cannot be reached or is overloaded; nothing was sent
     * @throws Exception anything else (a bad configuration the operator must fix, say); may succeed later
     */
    void send(OutgoingEmail email) throws Exception;

    /** The transport's name, a metric tag: {@code smtp} or {@code ses}. */
    String name();

    @Override
    void close();
}
