package io.calsync.emulator.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScopesTest {

  @Test
  void expandsShortAliasesLikeGoogle() {
    assertThat(Scopes.parse("openid email profile https://www.googleapis.com/auth/calendar"))
        .containsExactly("openid", Scopes.USERINFO_EMAIL, Scopes.USERINFO_PROFILE, Scopes.CALENDAR);
  }

  @Test
  void rejectsUnknownScopes() {
    assertThatThrownBy(() -> Scopes.parse("calendar")).hasMessage("calendar");
  }

  @Test
  void s256_matchesRfc7636AppendixB() {
    assertThat(Grants.s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }
}
