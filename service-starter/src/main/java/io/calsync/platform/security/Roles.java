package io.calsync.platform.security;

/** The roles claim every CalSync service reads, and the roles it knows. */
public final class Roles {

  /** JWT claim holding the caller's roles, e.g. {@code "roles": ["SERVICE"]}. */
  public static final String CLAIM = "roles";

  /** Role of another CalSync service calling an internal endpoint. */
  public static final String SERVICE = "SERVICE";

  private Roles() {}
}
