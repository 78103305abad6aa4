/**
 * Start-up configuration ({@code emulator.*}): the clients and accounts that exist after start and
 * after every reset, token and channel lifetimes. The lowest package: every feature reads it, it
 * reads none of them.
 */
package io.calsync.emulator.config;
