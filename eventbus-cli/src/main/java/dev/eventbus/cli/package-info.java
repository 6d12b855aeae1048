/**
 * The on-call command-line tool, {@code eventbus}: {@code dlq stats | show | replay | redrive | export | purge}
 * and {@code audit}. {@link dev.eventbus.cli.Main} reads the environment and runs the picocli command tree;
 * each command lives in the package of its feature.
 */
package dev.eventbus.cli;
