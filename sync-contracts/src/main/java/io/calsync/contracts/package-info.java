/** The published language of CalSync: topics, CloudEvents envelope, event and command bodies. */
package io.calsync.contracts;
