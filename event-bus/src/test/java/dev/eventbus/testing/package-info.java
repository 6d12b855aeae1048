/**
 * The integration-test environment shared by every module: real SNS, SQS and Redis implementations
 * (from the environment, LocalStack under Docker, or moto_server and redis-server as child processes)
 * and ElasticMQ embedded for SQS-only tests. Never SDK mocks.
 */
package dev.eventbus.testing;
