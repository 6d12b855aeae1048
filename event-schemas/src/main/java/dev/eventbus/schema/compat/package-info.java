/**
 * The compatibility gate: which schema changes a new minor may make and which need a new major
 * (rules M1-M4 and B1-B12 of anchors-schema.md §1.4), checked for every minor against every earlier
 * minor of its major, and {@link dev.eventbus.schema.compat.CheckCatalog}, the command CI runs.
 */
package dev.eventbus.schema.compat;
