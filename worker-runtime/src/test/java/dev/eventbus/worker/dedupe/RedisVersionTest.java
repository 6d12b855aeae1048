package dev.eventbus.worker.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which Redis servers get the native claim: the major version read from INFO server. */
class RedisVersionTest {

    @Test
    void theMajorVersionIsReadFromTheRedisVersionLine() {
        assertThat(RedisDedupeStore.majorVersion("# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\n")).isEqualTo(7);
        assertThat(RedisDedupeStore.majorVersion("# Server\r\nredis_version:6.2.14\r\n")).isEqualTo(6);
        assertThat(RedisDedupeStore.majorVersion("redis_version:10.1.0\n")).isEqualTo(10);
    }

    @Test
    void aReplyWithoutAReadableVersionCountsAsTooOldForTheNativeClaim() {
        assertThat(RedisDedupeStore.majorVersion("")).isZero();
        assertThat(RedisDedupeStore.majorVersion("# Server\r\nredis_mode:standalone\r\n")).isZero();
        assertThat(RedisDedupeStore.majorVersion("redis_version:unknown\r\n")).isZero();
    }
}
