/** What every service's HTTP API shares besides security: errors as problem+json. */
package io.calsync.platform.web;
