/**
 * The compatibility gate: which schema changes a new minor may make and which need a new major
 * (rules M1-M4, B1-B8 and B12, described in docs/compatibility.md), checked for every minor against every earlier
 * minor of its major, and {@link dev.eventbus.schema.compat.CheckCatalog}, the command CI runs.
 */
package dev.eventbus.schema.compat;
