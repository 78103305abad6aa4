/**
 * The "Connect Google Calendar" flow: an authorization request with offline access, forced consent,
 * PKCE S256 and a signed, single-use, browser-bound state; the callback that redeems the state,
 * exchanges the code, stores the refresh token encrypted and publishes {@code ConnectionConnected}.
 */
package io.calsync.token.oauth;
