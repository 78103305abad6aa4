/**
 * Calendar API v3 resources ({@code calendarList}, {@code calendars}, {@code events}) with Google's
 * semantics: sync tokens and paging, id and etag preconditions, sequence rules and recurrence
 * expansion. {@link io.calsync.emulator.calendar.EventService} holds the rules; the controllers
 * only translate HTTP.
 */
package io.calsync.emulator.calendar;
