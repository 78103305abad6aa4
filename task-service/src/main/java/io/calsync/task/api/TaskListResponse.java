package io.calsync.task.api;

import java.util.List;

/**
 * A page of tasks.
 *
 * @param nextCursor absent on the last page; pass it as {@code cursor} (with the same filters) for
 *     the next page
 */
record TaskListResponse(List<TaskResponse> items, String nextCursor) {}
