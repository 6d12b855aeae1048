/**
 * Reading a DLQ without disturbing it: batches of ten from several receivers, each message hidden only
 * while the read runs and released (visibility 0) the moment it ends, never deleted unless the command
 * moves or purges it; and the filters every command shares.
 */
package dev.eventbus.cli.read;
