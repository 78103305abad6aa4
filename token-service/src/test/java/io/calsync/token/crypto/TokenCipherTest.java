package io.calsync.token.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenCipherTest {

  private static final String OLD = key();
  private static final String NEW = key();
  private static final String TOKEN = "1//0emu-refresh-token-of-alice";

  @Test
  void roundTrips_withTheActiveKeyId_andARandomIvPerRecord() {
    TokenCipher cipher = new TokenCipher("old", Map.of("old", OLD));

    TokenCipher.Sealed first = cipher.encrypt(TOKEN, "alice");
    TokenCipher.Sealed second = cipher.encrypt(TOKEN, "alice");

    assertThat(first.keyId()).isEqualTo("old");
    assertThat(cipher.decrypt(first, "alice")).isEqualTo(TOKEN);
    assertThat(Arrays.copyOf(first.ciphertext(), 12))
        .isNotEqualTo(Arrays.copyOf(second.ciphertext(), 12));
    assertThat(new String(first.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
    // 12-byte IV + ciphertext + 16-byte tag
    assertThat(first.ciphertext()).hasSize(12 + TOKEN.length() + 16);
  }

  @Test
  void afterRotation_oldRecordsStayReadable_andNewOnesUseTheNewKey() {
    TokenCipher.Sealed old = new TokenCipher("old", Map.of("old", OLD)).encrypt(TOKEN, "alice");
    TokenCipher rotated = new TokenCipher("new", Map.of("old", OLD, "new", NEW));

    assertThat(rotated.decrypt(old, "alice")).isEqualTo(TOKEN);
    TokenCipher.Sealed rewritten = rotated.encrypt(TOKEN, "alice");
    assertThat(rewritten.keyId()).isEqualTo("new");
    assertThat(new TokenCipher("new", Map.of("new", NEW)).decrypt(rewritten, "alice"))
        .isEqualTo(TOKEN);
  }

  @Test
  void refusesARecordWhoseKeyWasRemoved() {
    TokenCipher.Sealed old = new TokenCipher("old", Map.of("old", OLD)).encrypt(TOKEN, "alice");

    assertThatThrownBy(() -> new TokenCipher("new", Map.of("new", NEW)).decrypt(old, "alice"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("`old`");
  }

  @Test
  void refusesTamperedCiphertext_andAnotherUsersRecord() {
    TokenCipher cipher = new TokenCipher("old", Map.of("old", OLD));
    TokenCipher.Sealed sealed = cipher.encrypt(TOKEN, "alice");
    byte[] tampered = sealed.ciphertext().clone();
    tampered[20] ^= 1;

    assertThatThrownBy(() -> cipher.decrypt(new TokenCipher.Sealed("old", tampered), "alice"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cipher.decrypt(sealed, "mallory"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void rejectsAMisconfiguredKeyring_withoutQuotingKeys() {
    assertThatThrownBy(() -> new TokenCipher("missing", Map.of("old", OLD)))
        .hasMessageContaining("missing");
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> new TokenCipher("short", Map.of("short", shortKey)))
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> new TokenCipher("bad", Map.of("bad", "not base64!")))
        .hasMessageContaining("not valid base64");
  }

  private static String key() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
