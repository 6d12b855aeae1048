package dev.eventbus.outbox;

import java.time.Duration;
import java.time.Instant;

/**
 * What an {@link OutboxRelay} has done since it started, and the table's backlog when it last looked.
 *
 * @param relayed rows sent and marked sent by this relay
 * @param refused sends of a row SNS or SQS refused (the row is retried later)
 * @param unavailable sends of a row whose whole request failed: endpoint unreachable, throttled, a server error
 * @param databaseErrors claims or marks that failed on the database (the rows stay pending)
 * @param cleaned sent rows deleted after the retention period
 * @param pending rows not yet sent, table-wide, when last measured
 * @param oldestPendingAge age of the oldest pending row, when last measured ({@code 0} when none)
 * @param measuredAt when the backlog was last measured ({@code null} before the first time)
 */
public record RelayStats(long relayed, long refused, long unavailable, long databaseErrors, long cleaned, long pending,
        Duration oldestPendingAge, Instant measuredAt) {}
