/**
 * Where every record enters: {@link io.calsync.orchestrator.intake.UserStreamListener} reads the
 * four user-keyed topics on one consumer thread per partition set, so a user's task events, event
 * changes, connection changes and command results are handled one after the other, and hands each
 * record to the package that owns it ({@code crmtogoogle}, {@code googletocrm}, {@code
 * connection}).
 */
package io.calsync.orchestrator.intake;
