/**
 * Deliberately bad code for the token-service {@code ArchitectureTest}: a two-package cycle ({@code
 * a} ↔ {@code b}) and a {@code TokenCipher} that uses Spring and Reactor, listens to Kafka
 * (token-service consumes nothing) and uses test-support. Never loaded by the application; it
 * exists so that the architecture rules are shown to fail.
 */
package io.calsync.archfixture.token;
