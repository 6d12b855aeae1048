/**
 * The event contract: event versions, the catalog of events and their JSON Schemas, payload
 * validation and the compatibility rules that decide whether a change needs a new major version.
 */
package dev.eventbus.schema;
