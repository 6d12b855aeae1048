package dev.eventbus.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void anAddressKeepsItsFirstLetterAndDomain() {
        assertThat(Masking.email("alice@example.com")).isEqualTo("a***@example.com");
        assertThat(Masking.email("@example.com")).isEqualTo("***@example.com");
        assertThat(Masking.email("not an address")).isEqualTo("***");
    }

    @Test
    void everyAddressInAServerReplyIsMasked() {
        assertThat(Masking.text("550 5.1.1 <bob.smith+tag@mail.example.org>: User unknown; cc carol@example.com"))
                .isEqualTo("550 5.1.1 <b***@mail.example.org>: User unknown; cc c***@example.com");
    }
}
