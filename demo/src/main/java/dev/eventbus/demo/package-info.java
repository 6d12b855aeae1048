/**
 * The demo: the whole path from {@code EventBus.publish} to handlers, on ElasticMQ embedded in the
 * JVM, with {@link dev.eventbus.demo.LocalSns} fanning topics out to queues the way SNS raw delivery
 * does. Not shipped.
 */
package dev.eventbus.demo;
