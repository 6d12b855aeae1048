package dev.eventbus.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static Instant slow(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    @Test
    void utcTimestampsWithAnyNumberOfFractionDigitsReadAsTheStandardParserReadsThem() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
            String text = instant.toString();
            int digits = random.nextInt(10);
            String base = text.substring(0, 19);
            String fraction = String.format("%09d", instant.getNano()).substring(0, digits);
            String written = base + (digits == 0 ? "" : "." + fraction) + "Z";

            assertThat(Timestamps.utc(written)).as(written).isNotNull().isEqualTo(slow(written));
        }
    }

    @Test
    void instantsAreWrittenAsIsoInstantWritesThem() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L), nanos);
            assertThat(Timestamps.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
        for (Instant edge : new Instant[] {Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z").minusNanos(1), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1), Instant.ofEpochSecond(-1, 1)}) {
            assertThat(Timestamps.format(edge)).as(edge.toString()).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(edge));
        }
    }

    @Test
    void otherOffsetsAndShapesAreLeftToTheStandardParser() {
        for (String text : new String[] {"2026-11-23T10:15:30+05:30", "2026-11-23T10:15Z", "2026-11-23T10:15:30.Z", "2026-11-23t10:15:30Z",
                "2026-02-29T10:15:30Z", "2026-11-23T24:00:00Z", "2026-11-23T10:15:60Z", "+12026-11-23T10:15:30Z", "2026-11-23T10:15:30.1234567891Z"}) {
            assertThat(Timestamps.utc(text)).as(text).isNull();
        }
        assertThat(Timestamps.parse("2026-11-23T10:15:30+05:30")).isEqualTo(Instant.parse("2026-11-23T04:45:30Z"));
        assertThat(Timestamps.parse("2026-11-23T10:15Z")).isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));
    }

    @Test
    void whatTheStandardParserRejectsIsStillRejected() {
        for (String text : new String[] {"2026-02-29T10:15:30Z", "2026-11-23T24:00:00Z", "2026-13-01T00:00:00Z", "2026-11-23 10:15:30Z",
                "2026-11-23T10:15:30", "yesterday"}) {
            assertThatThrownBy(() -> Timestamps.parse(text)).as(text).isInstanceOf(DateTimeException.class);
        }
    }
}
