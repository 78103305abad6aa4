package io.calsync.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 bearer tokens as the CRM (users) and CalSync services would present them, signed with the
 * secret every service of the system under test was started with ({@code CALSYNC_JWT_SECRET}).
 */
public final class Jwts {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final byte[] secret;

  Jwts(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** A CRM user's token: {@code sub = userId}, no roles, valid for 10 minutes. */
  public String user(String userId) {
    return token(userId, List.of(), Duration.ofMinutes(10));
  }

  /** Another CalSync service calling an internal endpoint: {@code roles = ["SERVICE"]}. */
  public String service(String serviceName) {
    return token(serviceName, List.of("SERVICE"), Duration.ofMinutes(10));
  }

  /** A token with any subject and roles; a negative {@code lifetime} gives an expired one. */
  public String token(String subject, List<String> roles, Duration lifetime) {
    Instant now = Instant.now();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", subject);
    claims.put("iat", now.minusSeconds(lifetime.isNegative() ? 120 : 1).getEpochSecond());
    claims.put("exp", now.plus(lifetime).getEpochSecond());
    claims.put("roles", roles);
    return sign(Map.of("alg", "HS256", "typ", "JWT"), claims);
  }

  String sign(Map<String, Object> header, Map<String, Object> claims) {
    String signingInput = part(header) + "." + part(claims);
    return signingInput + "." + BASE64URL.encodeToString(hmac(signingInput));
  }

  private byte[] hmac(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String part(Map<String, Object> json) {
    try {
      return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
