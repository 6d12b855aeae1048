/**
 * Finding what a command works on from the name or URL the user typed: the queue, its DLQ and its
 * redrive policy, or, given a DLQ, the queues that dead-letter into it.
 */
package dev.eventbus.cli.queue;
