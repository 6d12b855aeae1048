package dev.eventbus.notification.webhook;

import java.net.UnknownHostException;

/**
 * A webhook host resolved to an address the {@link AddressPolicy} refuses (or was written as one). An
 * {@link UnknownHostException} so the HTTP client gives up on the host without trying to connect.
 */
public final class BlockedAddressException extends UnknownHostException {

    public BlockedAddressException(String why) {
        super(why);
    }
}
