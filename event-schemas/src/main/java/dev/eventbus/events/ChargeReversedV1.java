package dev.eventbus.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * The payload of {@code charge.reversed} major 1: billing refunded a charge whose subscription could
 * not be activated.
 *
 * @param reversalId the refund's id in billing
 * @param chargeId the charge that was reversed, the saga's correlation key
 * @param accountId the billing account that gets its money back
 * @param amountMinor amount refunded in minor units of {@code currency}
 * @param currency ISO 4217 code, e.g. EUR
 * @param reason why, in words
 * @param receiptEmail where the refund notice goes, or {@code null} for none
 * @param reversedAt when the refund was issued
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargeReversedV1(
        @JsonProperty(value = "reversal_id", required = true) String reversalId,
        @JsonProperty(value = "charge_id", required = true) String chargeId,
        @JsonProperty(value = "account_id", required = true) String accountId,
        @JsonProperty(value = "amount_minor", required = true) long amountMinor,
        @JsonProperty(value = "currency", required = true) String currency,
        @JsonProperty(value = "reason", required = true) String reason,
        @JsonProperty("receipt_email") String receiptEmail,
        @JsonProperty(value = "reversed_at", required = true) Instant reversedAt) {

    public ChargeReversedV1 {
        Objects.requireNonNull(reversalId, "reversal_id");
        Objects.requireNonNull(chargeId, "charge_id");
        Objects.requireNonNull(accountId, "account_id");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(reversedAt, "reversed_at");
    }
}
