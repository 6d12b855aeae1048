package dev.eventbus.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on the outbox table's channel on a connection of its own and signals {@link Wakeup} at each
 * notification, reconnecting when the connection breaks. The one class that uses PostgreSQL's JDBC driver
 * directly: it is loaded only when the driver is on the class path.
 */
final class PgNotifications implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);
    private static final int WAIT_MILLIS = 500;

    private final DataSource dataSource;
    private final String channel;
    private final Wakeup wakeup;
    private final BooleanSupplier running;
    private final CountDownLatch stopped;
    private final long retryMillis;
    private volatile boolean listening;

    PgNotifications(DataSource dataSource, String channel, Wakeup wakeup, BooleanSupplier running, CountDownLatch stopped,
            long retryMillis) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.wakeup = wakeup;
        this.running = running;
        this.stopped = stopped;
        this.retryMillis = retryMillis;
    }

    /** True when the driver is there to listen with. */
    static boolean driverPresent() {
        try {
            Class.forName("org.postgresql.PGConnection", false, PgNotifications.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    boolean listening() {
        return listening;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.isWrapperFor(PGConnection.class)) {
                    log.info("the outbox's database is not PostgreSQL (or its driver is wrapped out of reach): not listening for "
                            + "notifications; relays poll");
                    return;
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                connection.setAutoCommit(true);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN \"" + channel + "\"");
                }
                listening = true;
                wakeup.signal(); // rows may have been added while nobody listened
                while (running.getAsBoolean()) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        wakeup.signal();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running.getAsBoolean()) {
                    return;
                }
                log.warn("listening on \"{}\" failed ({}); relays poll until it is back", channel, e.toString());
                try {
                    stopped.await(retryMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                listening = false;
            }
        }
    }
}
