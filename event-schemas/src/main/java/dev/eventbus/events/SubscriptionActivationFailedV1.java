package dev.eventbus.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * The payload of {@code subscription.activation_failed} major 1: a paid plan could not be activated,
 * so billing must reverse the charge.
 *
 * @param accountId the billing account whose activation failed
 * @param planId the plan that could not be activated
 * @param chargeId the charge to reverse, the saga's correlation key
 * @param reasonCode {@code plan_unavailable}, {@code account_suspended}, {@code internal_error}, or
 *     {@code null}. An open enum: later minors may add values, so handle ones you do not know
 * @param reason why, in words, for the support team
 * @param failedAt when activation was given up
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionActivationFailedV1(
        @JsonProperty(value = "account_id", required = true) String accountId,
        @JsonProperty(value = "plan_id", required = true) String planId,
        @JsonProperty(value = "charge_id", required = true) String chargeId,
        @JsonProperty("reason_code") String reasonCode,
        @JsonProperty(value = "reason", required = true) String reason,
        @JsonProperty(value = "failed_at", required = true) Instant failedAt) {

    public SubscriptionActivationFailedV1 {
        Objects.requireNonNull(accountId, "account_id");
        Objects.requireNonNull(planId, "plan_id");
        Objects.requireNonNull(chargeId, "charge_id");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failed_at");
    }
}
