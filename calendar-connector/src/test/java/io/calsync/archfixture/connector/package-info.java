/**
 * Deliberately bad code for the connector's {@code ArchitectureTest}: a two-package cycle ({@code
 * a} ↔ {@code b}), an {@code EventMapper} that uses Spring and Reactor, listens to Kafka outside
 * {@code commands} and {@code sync} and uses test-support. Never loaded by the application; it
 * exists so that the architecture rules are shown to fail.
 */
package io.calsync.archfixture.connector;
