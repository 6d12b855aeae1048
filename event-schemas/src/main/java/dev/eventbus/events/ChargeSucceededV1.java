package dev.eventbus.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * The payload of {@code charge.succeeded} major 1: billing charged an account for a plan, which
 * starts the subscription saga.
 *
 * @param chargeId the charge's id in billing, the saga's correlation key
 * @param accountId the billing account that was charged
 * @param planId the plan the charge pays for
 * @param amountMinor amount charged in minor units of {@code currency}
 * @param currency ISO 4217 code, e.g. EUR
 * @param paymentMethod {@code card}, {@code sepa_debit}, {@code paypal}, or {@code null}. An open enum:
 *     later minors may add values, so handle ones you do not know
 * @param receiptEmail where the receipt goes, or {@code null} for no receipt
 * @param chargedAt when the payment provider confirmed the charge
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargeSucceededV1(
        @JsonProperty(value = "charge_id", required = true) String chargeId,
        @JsonProperty(value = "account_id", required = true) String accountId,
        @JsonProperty(value = "plan_id", required = true) String planId,
        @JsonProperty(value = "amount_minor", required = true) long amountMinor,
        @JsonProperty(value = "currency", required = true) String currency,
        @JsonProperty("payment_method") String paymentMethod,
        @JsonProperty("receipt_email") String receiptEmail,
        @JsonProperty(value = "charged_at", required = true) Instant chargedAt) {

    public ChargeSucceededV1 {
        Objects.requireNonNull(chargeId, "charge_id");
        Objects.requireNonNull(accountId, "account_id");
        Objects.requireNonNull(planId, "plan_id");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(chargedAt, "charged_at");
    }
}
