/**
 * The REST API {@code /api/v1/tasks} for the authenticated CRM user (the JWT subject): JSON in and
 * out, {@code ETag}/{@code If-Match} on the task version, RFC 7807 problem details for errors.
 */
package io.calsync.task.api;
