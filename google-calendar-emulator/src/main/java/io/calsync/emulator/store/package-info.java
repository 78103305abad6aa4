/**
 * In-memory state: accounts and their primary calendars, each with a change log of immutable event
 * versions that answers reads "as of" a change number (sync tokens, read lag); and {@link
 * io.calsync.emulator.store.Resettable}, the reset contract of state kept elsewhere.
 */
package io.calsync.emulator.store;
