/**
 * Deliberately bad code for the emulator's {@code ArchitectureTest}: a feature ({@code calendar})
 * implementing an interface of the control API that depends on it (the cycle the emulator once
 * had), a {@code store} that uses HTTP types and a feature, and, under {@code rootcycle}, a cycle
 * through a root package. Never loaded by the emulator; it exists so that the architecture rules
 * are shown to fail.
 */
package io.calsync.archfixture.emulator;
