package dev.eventbus.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ./scripts/demo keeps working: the demo succeeds and says who handled what. */
class DemoIT {

    @Test
    void theDemoHandlesEveryDeliveryAndTellsWhoHandledWhat() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        boolean ok = new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();

        String output = buffer.toString(StandardCharsets.UTF_8);
        assertThat(ok).as("demo output:%n%s", output).isTrue();
        assertThat(output)
                .contains("published order.completed  1.2", "published scholarship.won  1.0", "(fan-out)", "(point-to-point)")
                .contains("[notifications] handled order.completed", "[analytics    ] handled order.completed",
                        "[monolith     ] handled scholarship.won")
                .contains("v2 handler (upcast from 1.0)")
                .contains("rejected  order.completed  1.2 before sending", "/line_items/0/qty: must be at least 1")
                .contains("2 duplicates acked without running a handler", "reason=malformed_json attempts=1")
                .contains("rolled back order 2002", "refused     order 2003's event at outbox.add, before the commit",
                        "the committed order's event reached both queues with the id outbox.add returned")
                .contains("Message-ID <order-confirmation.", "signature verified", "feed     user:7        order.completed",
                        "notification worker: 3 emails, 3 signed webhook deliveries, 3 feed entries, each once.")
                .doesNotContain("alice@example.com");
    }
}
