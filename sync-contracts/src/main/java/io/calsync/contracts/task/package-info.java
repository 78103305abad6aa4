/**
 * Task events ({@code crm.task-events}), published by task-service and any other CRM service, and
 * task commands ({@code crm.task-commands}) that the orchestrator sends to task-service when a
 * calendar change must be applied to a task.
 */
package io.calsync.contracts.task;
