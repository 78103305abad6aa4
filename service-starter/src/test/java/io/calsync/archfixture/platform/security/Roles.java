package io.calsync.archfixture.platform.security;

import io.calsync.archfixture.platform.messaging.NonRetryableExceptions;

/** A feature that depends back on the one that depends on it. */
public class Roles {
  NonRetryableExceptions exceptions;
}
