package dev.eventbus.notification;

import dev.eventbus.notification.config.InvalidSettingsException;
import dev.eventbus.notification.config.NotificationSettings;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.schema.EventDefinition;
import dev.eventbus.worker.admin.ShutdownSignal;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The notification worker's {@code main}: reads its configuration from environment variables, exits
 * with status 2 listing every problem if any, otherwise runs until SIGTERM (or SIGINT), stops
 * gracefully and exits 0. Status 1: it could not start (the queue cannot be read, say).
 */
public final class NotificationWorker {

    /** The exit status for a configuration with problems. */
    public static final int CONFIGURATION_ERROR = 2;

    private NotificationWorker() {}

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.err));
    }

    static int run(Map<String, String> env, PrintStream err) {
        // before the first logger exists: one JSON object per line (containers) or plain text
        String format = env.getOrDefault("LOG_FORMAT", "json");
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile",
                    "text".equalsIgnoreCase(format.strip()) ? "notification-logback-text.xml" : "eventbus-logback-json.xml");
        }
        EventCatalog catalog = EventCatalog.load();
        String consumer = env.getOrDefault("CONSUMER", NotificationSettings.DEFAULT_CONSUMER).strip();
        NotificationSettings settings;
        try {
            settings = NotificationSettings.fromEnvironment(env, consumedBy(catalog, consumer));
        } catch (InvalidSettingsException e) {
            err.println("notification worker: not starting, " + e.getMessage());
            return CONFIGURATION_ERROR;
        }
        ShutdownSignal signal = ShutdownSignal.install();
        try (NotificationApp app = NotificationApp.start(settings, catalog)) {
            signal.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(NotificationWorker.class).error("notification worker could not start: {}", e.toString());
            return 1;
        }
        return 0;
    }

    /** The event types the catalog lists {@code consumer} as a subscriber of. */
    static Set<String> consumedBy(EventCatalog catalog, String consumer) {
        return catalog.events().stream().filter(d -> d.subscribers().contains(consumer)).map(EventDefinition::name)
                .collect(Collectors.toUnmodifiableSet());
    }
}
