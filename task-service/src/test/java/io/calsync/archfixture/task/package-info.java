/**
 * Deliberately bad code for the task-service {@code ArchitectureTest}: a two-package cycle ({@code
 * a} ↔ {@code b}) and a {@code TaskIds} that uses Spring and Reactor, listens to Kafka outside
 * {@code commands} and {@code erasure} and uses test-support. Never loaded by the application; it
 * exists so that the architecture rules are shown to fail.
 */
package io.calsync.archfixture.task;
