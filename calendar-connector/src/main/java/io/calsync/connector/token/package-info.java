/**
 * Users' Google access tokens from token-service's internal endpoint, fetched with a service JWT
 * and cached until shortly before they expire. No token is ever logged or put into an exception.
 */
package io.calsync.connector.token;
