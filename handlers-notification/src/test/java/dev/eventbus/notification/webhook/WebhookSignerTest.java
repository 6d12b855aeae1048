package dev.eventbus.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    /** The example in the Standard Webhooks specification's README, so any receiver library accepts what we sign. */
    @Test
    void signsTheSpecificationsExampleAsItsReferenceLibrariesDo() {
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String signature = WebhookSigner.signature("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8), List.of(secret));
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signsWithEverySecretDuringARotationSpaceSeparated() {
        WebhookSecret old = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        WebhookSecret fresh = WebhookSecret.parse("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String both = WebhookSigner.signature("id", 1, body, List.of(old, fresh));
        assertThat(both.split(" ")).containsExactly(WebhookSigner.signature("id", 1, body, List.of(old)),
                WebhookSigner.signature("id", 1, body, List.of(fresh)));
    }

    @Test
    void refusesSecretsThatAreNotBase64OrTooShortWithoutEchoingThem() {
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_not*base64!")).hasMessageNotContaining("not*base64")
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_c2hvcnQ=")).hasMessageContaining("24 to 64 bytes");
        assertThat(WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").toString()).isEqualTo("whsec_***");
    }
}
