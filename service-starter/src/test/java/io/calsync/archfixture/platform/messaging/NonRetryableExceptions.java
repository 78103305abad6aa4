package io.calsync.archfixture.platform.messaging;

import io.calsync.archfixture.platform.security.Roles;
import io.calsync.archfixture.platform.task.ForeignTaskException;
import java.util.List;

/** A shared feature that names a service's exception and reaches into another feature. */
public class NonRetryableExceptions {
  List<Class<? extends Exception>> types = List.of(ForeignTaskException.class);
  Roles roles;
}
