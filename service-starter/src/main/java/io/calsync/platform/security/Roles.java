package io.calsync.platform.security;

/** The roles claim every CalSync service reads, and the roles it knows. */
public final class Roles {

  /** JWT claim holding the caller's roles, e.g. {@code "roles": ["SERVICE"]}. */
  public static final String CLAIM = "roles";

  /** Role of another CalSync service calling an internal endpoint. */
  public static final String SERVICE = "SERVICE";

  /** Role of an operator: reads the actuator endpoints beyond probes, info and Prometheus. */
  public static final String OPS = "OPS";

  private Roles() {}
}
