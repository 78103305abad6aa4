/** Google's wire conventions: error JSON shapes, gzip request bodies, method override. */
package io.calsync.emulator.wire;
