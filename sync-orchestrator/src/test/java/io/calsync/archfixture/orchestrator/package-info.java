/**
 * Deliberately bad code for {@code ArchitectureTest}: a two-package cycle ({@code a} ↔ {@code b}),
 * a "decider" that uses Spring and Reactor, listens to Kafka outside {@code intake} and uses
 * test-support, and a pure "decider" ({@code Reconciliation}) that saves through a {@code
 * LinkRepository}. Never loaded by the application; it exists so that the architecture rules are
 * shown to fail.
 */
package io.calsync.archfixture.orchestrator;
