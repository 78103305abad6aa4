package io.calsync.archfixture.platform.task;

/** A service's own exception, which the starter must never name. */
public class ForeignTaskException extends RuntimeException {}
