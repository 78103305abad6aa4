package io.calsync.emulator.oauth;

import java.util.Set;

/** What a valid access token stands for: an account, a client and the granted scopes. */
public record AccessGrant(String account, String clientId, Set<String> scopes, String grantId) {

  /** The exchange attribute under which an authenticated Calendar API call carries its grant. */
  public static final String ATTRIBUTE = AccessGrant.class.getName();
}
