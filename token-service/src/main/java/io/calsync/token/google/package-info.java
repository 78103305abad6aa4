/**
 * The gateway to Google's OAuth endpoints (token, revoke, userinfo). Nothing else in the service
 * talks to Google; the endpoints are configuration, so the emulator and real Google are
 * interchangeable.
 */
package io.calsync.token.google;
