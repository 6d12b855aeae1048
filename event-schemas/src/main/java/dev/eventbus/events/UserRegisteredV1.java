package dev.eventbus.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * The payload of {@code user.registered} major 1: a user signed up.
 *
 * @param userId the new user's id in the monolith
 * @param email the address the user signed up with
 * @param name how to address the user, or {@code null} when the form did not ask
 * @param locale BCP 47 language tag ({@code de}, {@code pt-BR}), or {@code null} for English
 * @param marketingOptIn {@code true} when the user agreed to marketing email; {@code null} means no
 * @param registeredAt when the account was created
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserRegisteredV1(
        @JsonProperty(value = "user_id", required = true) long userId,
        @JsonProperty(value = "email", required = true) String email,
        @JsonProperty("name") String name,
        @JsonProperty("locale") String locale,
        @JsonProperty("marketing_opt_in") Boolean marketingOptIn,
        @JsonProperty(value = "registered_at", required = true) Instant registeredAt) {

    public UserRegisteredV1 {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(registeredAt, "registered_at");
    }
}
