package dev.eventbus.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * The payload of {@code subscription.changed} major 1: an account's subscription started, changed
 * plan, renewed or was cancelled.
 *
 * @param accountId the billing account
 * @param userEmail where notices about the subscription go
 * @param change what happened: {@code started}, {@code upgraded}, {@code downgraded}, {@code renewed},
 *     {@code cancelled}. An open enum: later minors may add values, so handle ones you do not know
 * @param planId the plan after the change
 * @param planName the plan's display name
 * @param previousPlanId the plan before the change, or {@code null} when the subscription started
 * @param price what the plan costs from now on, or {@code null} for a cancellation
 * @param effectiveAt when the change takes effect (may be in the future)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionChangedV1(
        @JsonProperty(value = "account_id", required = true) String accountId,
        @JsonProperty(value = "user_email", required = true) String userEmail,
        @JsonProperty(value = "change", required = true) String change,
        @JsonProperty(value = "plan_id", required = true) String planId,
        @JsonProperty(value = "plan_name", required = true) String planName,
        @JsonProperty("previous_plan_id") String previousPlanId,
        @JsonProperty("price") Price price,
        @JsonProperty(value = "effective_at", required = true) Instant effectiveAt) {

    public SubscriptionChangedV1 {
        Objects.requireNonNull(accountId, "account_id");
        Objects.requireNonNull(userEmail, "user_email");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(planId, "plan_id");
        Objects.requireNonNull(planName, "plan_name");
        Objects.requireNonNull(effectiveAt, "effective_at");
    }

    /**
     * A recurring price.
     *
     * @param amountMinor price per interval in minor units of {@code currency}
     * @param currency ISO 4217 code, e.g. EUR
     * @param interval how often it is charged
     */
    public record Price(
            @JsonProperty(value = "amount_minor", required = true) long amountMinor,
            @JsonProperty(value = "currency", required = true) String currency,
            @JsonProperty(value = "interval", required = true) Interval interval) {

        public Price {
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(interval, "interval");
        }
    }

    /** How often a price is charged. A closed enum: a new interval comes with a new major. */
    public enum Interval {
        @JsonProperty("month")
        MONTH,
        @JsonProperty("year")
        YEAR
    }
}
