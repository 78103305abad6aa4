/**
 * What happens to an emulated API call before its handler: call counting, injected latency and
 * errors, and Google's usage limits (forced or as sliding per-minute quotas).
 */
package io.calsync.emulator.faults;
