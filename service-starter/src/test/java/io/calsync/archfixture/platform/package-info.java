/**
 * Deliberately bad code for the starter's {@code ArchitectureTest}: two feature packages that
 * depend on each other ({@code messaging} ↔ {@code security}), and a feature that uses a service's
 * class ({@code task.ForeignTaskException}, standing in for a service package). Never loaded by any
 * application; it exists so that the architecture rules are shown to fail.
 */
package io.calsync.archfixture.platform;
