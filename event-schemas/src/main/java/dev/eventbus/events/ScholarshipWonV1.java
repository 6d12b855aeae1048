package dev.eventbus.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * The payload of {@code scholarship.won} major 1: a user won a scholarship. Sent point-to-point to the
 * monolith, which emails the user these details.
 *
 * @param userId the winner's id in the monolith
 * @param scholarshipId the scholarship's id in the order management service
 * @param scholarshipName the scholarship's display name
 * @param discountPercent discount granted, 1 to 100
 * @param couponCode the code to redeem at checkout
 * @param rank the user's rank in the scholarship test, or {@code null}
 * @param awardedAt when it was awarded
 * @param expiresAt last moment the coupon can be redeemed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScholarshipWonV1(
        @JsonProperty(value = "user_id", required = true) long userId,
        @JsonProperty(value = "scholarship_id", required = true) long scholarshipId,
        @JsonProperty(value = "scholarship_name", required = true) String scholarshipName,
        @JsonProperty(value = "discount_percent", required = true) int discountPercent,
        @JsonProperty(value = "coupon_code", required = true) String couponCode,
        @JsonProperty("rank") Integer rank,
        @JsonProperty(value = "awarded_at", required = true) Instant awardedAt,
        @JsonProperty(value = "expires_at", required = true) Instant expiresAt) {

    public ScholarshipWonV1 {
        Objects.requireNonNull(scholarshipName, "scholarship_name");
        Objects.requireNonNull(couponCode, "coupon_code");
        Objects.requireNonNull(awardedAt, "awarded_at");
        Objects.requireNonNull(expiresAt, "expires_at");
    }
}
