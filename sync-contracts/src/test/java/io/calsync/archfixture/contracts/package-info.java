/**
 * Deliberately bad code for the contracts' {@code ArchitectureTest}: a two-package cycle ({@code a}
 * ↔ {@code b}) and a body ({@code calendar.EventChanged}) that uses Kafka and a service class
 * ({@code orchestrator.LinkState}, standing in for a service package). Never on the published
 * classpath; it exists so that the architecture rules are shown to fail.
 */
package io.calsync.archfixture.contracts;
