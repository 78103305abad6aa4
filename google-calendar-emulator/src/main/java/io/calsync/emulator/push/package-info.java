/**
 * Push notifications: {@code events.watch} channels, webhook deliveries and {@code channels.stop}.
 */
package io.calsync.emulator.push;
