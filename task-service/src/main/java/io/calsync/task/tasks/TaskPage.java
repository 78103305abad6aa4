package io.calsync.task.tasks;

import java.util.List;

/**
 * One page of a task listing.
 *
 * @param next null on the last page, else where the next page starts
 */
public record TaskPage(List<Task> items, TaskQuery.Position next) {}
