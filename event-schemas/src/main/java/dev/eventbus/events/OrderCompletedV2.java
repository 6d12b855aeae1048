package dev.eventbus.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The payload of {@code order.completed} major 2 (2.0): an order was finalised and paid, with money in
 * integer minor units only. Messages still published as 1.x reach 2.x handlers through the 1 to 2
 * upcaster.
 *
 * @param orderId the order's id in the monolith
 * @param userId the id of the user who placed the order
 * @param userEmail where the order confirmation goes
 * @param totalMinor amount paid in minor units of {@code currency} (cents for EUR)
 * @param currency ISO 4217 code, e.g. EUR
 * @param lineItems what was ordered, at least one
 * @param completedAt when the order completed; {@code null} when upcast from 1.0 or 1.1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderCompletedV2(
        @JsonProperty(value = "order_id", required = true) long orderId,
        @JsonProperty(value = "user_id", required = true) long userId,
        @JsonProperty(value = "user_email", required = true) String userEmail,
        @JsonProperty(value = "total_minor", required = true) long totalMinor,
        @JsonProperty(value = "currency", required = true) String currency,
        @JsonProperty(value = "line_items", required = true) List<LineItem> lineItems,
        @JsonProperty("completed_at") Instant completedAt) {

    public OrderCompletedV2 {
        Objects.requireNonNull(userEmail, "user_email");
        Objects.requireNonNull(currency, "currency");
        lineItems = List.copyOf(Objects.requireNonNull(lineItems, "line_items"));
    }

    /**
     * One ordered product.
     *
     * @param sku stock keeping unit
     * @param quantity how many units, at least 1
     * @param name the product's display name, or {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineItem(
            @JsonProperty(value = "sku", required = true) String sku,
            @JsonProperty(value = "quantity", required = true) int quantity,
            @JsonProperty("name") String name) {

        public LineItem {
            Objects.requireNonNull(sku, "sku");
        }
    }
}
