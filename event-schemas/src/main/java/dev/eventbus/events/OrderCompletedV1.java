package dev.eventbus.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The payload of {@code order.completed} major 1 (1.0 to 1.2): an order was finalised and paid.
 * Properties added by a later minor are {@code null} in messages from older publishers.
 *
 * @param orderId the order's id in the monolith
 * @param userId the id of the user who placed the order
 * @param userEmail where the order confirmation goes
 * @param total amount paid, a decimal string in major units of {@code currency} ("19.90")
 * @param totalCents the total in minor units of {@code currency}; since 1.1, else {@code null}
 * @param currency ISO 4217 code, e.g. EUR
 * @param lineItems what was ordered, at least one
 * @param completedAt when the order completed; since 1.2, else {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderCompletedV1(
        @JsonProperty(value = "order_id", required = true) long orderId,
        @JsonProperty(value = "user_id", required = true) long userId,
        @JsonProperty(value = "user_email", required = true) String userEmail,
        @JsonProperty(value = "total", required = true) String total,
        @JsonProperty("total_cents") Long totalCents,
        @JsonProperty(value = "currency", required = true) String currency,
        @JsonProperty(value = "line_items", required = true) List<LineItem> lineItems,
        @JsonProperty("completed_at") Instant completedAt) {

    public OrderCompletedV1 {
        Objects.requireNonNull(userEmail, "user_email");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(currency, "currency");
        lineItems = List.copyOf(Objects.requireNonNull(lineItems, "line_items"));
    }

    /**
     * One ordered product.
     *
     * @param sku stock keeping unit
     * @param qty how many units, at least 1
     * @param name the product's display name; since 1.2, else {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineItem(
            @JsonProperty(value = "sku", required = true) String sku,
            @JsonProperty(value = "qty", required = true) int qty,
            @JsonProperty("name") String name) {

        public LineItem {
            Objects.requireNonNull(sku, "sku");
        }
    }
}
