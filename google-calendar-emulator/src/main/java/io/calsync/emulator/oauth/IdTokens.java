package io.calsync.emulator.oauth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.calsync.emulator.store.Account;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Signs OpenID Connect ID tokens (RS256) with a key generated at start-up and publishes it as a JWK
 * set, like Google's {@code https://www.googleapis.com/oauth2/v3/certs}.
 */
@Component
class IdTokens {

  static final String ISSUER = "https://accounts.google.com";
  private static final String KEY_ID = "emulator-1";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final ObjectMapper json = new ObjectMapper();
  private final KeyPair keys;

  IdTokens() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
  }

  String issue(
      Account account, String clientId, Set<String> scopes, String nonce, Instant now, long ttl) {
    ObjectNode header =
        json.createObjectNode().put("alg", "RS256").put("kid", KEY_ID).put("typ", "JWT");
    ObjectNode claims =
        json.createObjectNode()
            .put("iss", ISSUER)
            .put("azp", clientId)
            .put("aud", clientId)
            .put("sub", account.subject())
            .put("iat", now.getEpochSecond())
            .put("exp", now.getEpochSecond() + ttl);
    if (scopes.contains(Scopes.USERINFO_EMAIL)) {
      claims.put("email", account.email()).put("email_verified", true);
    }
    if (scopes.contains(Scopes.USERINFO_PROFILE)) {
      claims.put("name", account.name());
    }
    if (nonce != null) {
      claims.put("nonce", nonce);
    }
    String signingInput =
        B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(keys.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  ObjectNode jwks() {
    RSAPublicKey key = (RSAPublicKey) keys.getPublic();
    ObjectNode root = json.createObjectNode();
    root.putArray("keys")
        .addObject()
        .put("kty", "RSA")
        .put("alg", "RS256")
        .put("use", "sig")
        .put("kid", KEY_ID)
        .put("n", B64.encodeToString(unsigned(key.getModulus())))
        .put("e", B64.encodeToString(unsigned(key.getPublicExponent())));
    return root;
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      byte[] trimmed = new byte[bytes.length - 1];
      System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
      return trimmed;
    }
    return bytes;
  }
}
