/**
 * "Disconnect and erase my data" in task-service: a tombstone on {@code sync.connection-events}
 * (consumed in a consumer group of its own) erases what CalSync stored about the user's tasks, not
 * the tasks, which belong to the CRM ({@link io.calsync.task.erasure.CalSyncDataErasure}); task
 * commands produced before the erase are dropped (service-starter's {@code
 * ErasedUsers#producedBeforeErase}).
 */
package io.calsync.task.erasure;
