/**
 * Documentation generated from the catalog: {@code docs/events.md} for people and an AsyncAPI 3.0
 * document, {@code docs/asyncapi.json}, for tools. {@link dev.eventbus.schema.docs.GenerateDocs}
 * writes both; a test fails when the committed copies are stale.
 */
package dev.eventbus.schema.docs;
