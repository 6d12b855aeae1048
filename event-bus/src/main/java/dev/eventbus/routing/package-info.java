/**
 * Where each event type goes: an SNS topic when several consumers must hear it, one SQS queue when
 * exactly one consumer needs it, and the version the publisher currently emits.
 */
package dev.eventbus.routing;
