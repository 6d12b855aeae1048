/**
 * How results reach the reader: aligned tables for people, or one JSON object per line with stable
 * snake_case field names for scripts and jq ({@code --output json}), and a progress bar on stderr when
 * the tool runs on a terminal.
 */
package dev.eventbus.cli.output;
