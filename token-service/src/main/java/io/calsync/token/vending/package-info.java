/**
 * Google access tokens for {@code calendar-connector}: cached per instance, refreshed before expiry
 * with one refresh per user in flight, and the place where a revoked grant ({@code invalid_grant})
 * is noticed, turned into a {@code LOST} connection and published as {@code ConnectionLost}.
 */
package io.calsync.token.vending;
