/**
 * The JWT resource server every service shares. A service contributes its own access rules as
 * {@link io.calsync.platform.security.ServiceRoutes} beans.
 */
package io.calsync.platform.security;
