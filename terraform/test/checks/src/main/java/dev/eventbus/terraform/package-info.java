/**
 * Checks of the Terraform under {@code terraform/} that OpenTofu cannot make itself: that an applied
 * plan of the example agrees with the event catalog ({@link CheckAgainstCatalog}), and that the real
 * worker runs against what the plan declares once it is created in moto ({@link EndToEnd}).
 * {@code ./scripts/check-terraform} runs both.
 */
package dev.eventbus.terraform;
