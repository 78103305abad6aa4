package io.calsync.token.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for refresh tokens at rest. Each record gets a random 96-bit IV and carries the id of
 * the key that sealed it, so rows written under an old key stay readable after the active key
 * changes. The owning user id is authenticated as associated data: a ciphertext copied into another
 * user's row does not decrypt.
 */
public final class TokenCipher {

  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int KEY_BYTES = 32;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, SecretKey> keys;
  private final String activeKeyId;

  /** A ciphertext ({@code IV || AES-GCM output}) and the id of the key that produced it. */
  public record Sealed(String keyId, byte[] ciphertext) {}

  /**
   * @param activeKeyId the key that seals new records; must be in {@code base64Keys}
   * @param base64Keys key id → base64 of a 256-bit key
   * @throws IllegalArgumentException naming the offending key id, never the key
   */
  public TokenCipher(String activeKeyId, Map<String, String> base64Keys) {
    Map<String, SecretKey> decoded = new LinkedHashMap<>();
    base64Keys.forEach((id, value) -> decoded.put(id, decode(id, value)));
    if (activeKeyId == null || !decoded.containsKey(activeKeyId)) {
      throw new IllegalArgumentException(
          "calsync.tokens.encryption.active-key-id `"
              + activeKeyId
              + "` is not one of the configured keys "
              + decoded.keySet());
    }
    this.keys = Map.copyOf(decoded);
    this.activeKeyId = activeKeyId;
  }

  public String activeKeyId() {
    return activeKeyId;
  }

  public Sealed encrypt(String plaintext, String userId) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return new Sealed(
          activeKeyId, ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * @throws IllegalStateException when the key id is unknown or the record was tampered with or
   *     belongs to another user
   */
  public String decrypt(Sealed sealed, String userId) {
    SecretKey key = keys.get(sealed.keyId());
    if (key == null) {
      throw new IllegalStateException(
          "no encryption key `" + sealed.keyId() + "` configured; it is still used by stored rows");
    }
    byte[] data = sealed.ciphertext();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
      cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
      return new String(
          cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "stored token does not decrypt with key `" + sealed.keyId() + "`", e);
    }
  }

  private static SecretKey decode(String id, String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("encryption key `" + id + "` is not valid base64");
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "encryption key `" + id + "` must be 32 bytes (256 bits), was " + bytes.length);
    }
    return new SecretKeySpec(bytes, "AES");
  }
}
