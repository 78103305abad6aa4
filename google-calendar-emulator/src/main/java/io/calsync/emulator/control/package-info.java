/**
 * Test-only levers on the emulated Google (user edits, token and sync-token expiry, faults,
 * inspection), over HTTP under {@code /emulator/v1} and in-process via {@code EmulatorControl}.
 */
package io.calsync.emulator.control;
