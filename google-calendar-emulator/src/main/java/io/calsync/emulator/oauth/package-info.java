/**
 * Google's OAuth 2.0 endpoints (authorization with consent page, token, revoke, userinfo,
 * tokeninfo, JWKS) and the grant/token state they share with the Calendar API's bearer check.
 */
package io.calsync.emulator.oauth;
