package dev.eventbus.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * The payload of {@code subscription.activated} major 1: the plan a charge paid for is active.
 *
 * @param subscriptionId the subscription's id in the subscription service
 * @param accountId the billing account it belongs to
 * @param planId the plan now active
 * @param chargeId the charge that paid for it, the saga's correlation key
 * @param activatedAt when the plan became active
 * @param currentPeriodEndsAt when the paid period ends, or {@code null} for plans without an end
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionActivatedV1(
        @JsonProperty(value = "subscription_id", required = true) String subscriptionId,
        @JsonProperty(value = "account_id", required = true) String accountId,
        @JsonProperty(value = "plan_id", required = true) String planId,
        @JsonProperty(value = "charge_id", required = true) String chargeId,
        @JsonProperty(value = "activated_at", required = true) Instant activatedAt,
        @JsonProperty("current_period_ends_at") Instant currentPeriodEndsAt) {

    public SubscriptionActivatedV1 {
        Objects.requireNonNull(subscriptionId, "subscription_id");
        Objects.requireNonNull(accountId, "account_id");
        Objects.requireNonNull(planId, "plan_id");
        Objects.requireNonNull(chargeId, "charge_id");
        Objects.requireNonNull(activatedAt, "activated_at");
    }
}
