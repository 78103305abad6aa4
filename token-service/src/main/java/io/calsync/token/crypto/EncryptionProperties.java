package io.calsync.token.crypto;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keyring for refresh tokens at rest: {@code calsync.tokens.encryption.keys.<id>=<base64 of 32
 * bytes>} and the id of the key that encrypts new records. Old keys stay in the map until no row
 * uses them any more, so rotation needs no bulk re-encryption.
 *
 * @param activeKeyId the key new records are encrypted with
 * @param keys key id → base64-encoded 256-bit AES key
 */
@ConfigurationProperties("calsync.tokens.encryption")
record EncryptionProperties(String activeKeyId, Map<String, String> keys) {

  EncryptionProperties {
    keys = keys == null ? Map.of() : Map.copyOf(keys);
  }
}
