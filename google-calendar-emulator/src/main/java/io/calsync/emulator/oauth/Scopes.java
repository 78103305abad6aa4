package io.calsync.emulator.oauth;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** Google's scope vocabulary, as far as the Calendar API and sign-in use it. */
public final class Scopes {

  public static final String PREFIX = "https://www.googleapis.com/auth/";
  public static final String CALENDAR = PREFIX + "calendar";
  public static final String CALENDAR_READONLY = PREFIX + "calendar.readonly";
  public static final String CALENDAR_EVENTS = PREFIX + "calendar.events";
  public static final String CALENDAR_EVENTS_READONLY = PREFIX + "calendar.events.readonly";
  public static final String CALENDAR_CALENDARLIST = PREFIX + "calendar.calendarlist";
  public static final String CALENDAR_CALENDARLIST_READONLY =
      PREFIX + "calendar.calendarlist.readonly";
  public static final String USERINFO_EMAIL = PREFIX + "userinfo.email";
  public static final String USERINFO_PROFILE = PREFIX + "userinfo.profile";
  public static final String OPENID = "openid";

  /** Scopes that may read events. */
  public static final Set<String> EVENTS_READ =
      Set.of(CALENDAR, CALENDAR_READONLY, CALENDAR_EVENTS, CALENDAR_EVENTS_READONLY);

  /** Scopes that may write events. */
  public static final Set<String> EVENTS_WRITE = Set.of(CALENDAR, CALENDAR_EVENTS);

  /** Scopes that may read the calendar list. */
  public static final Set<String> CALENDAR_LIST_READ =
      Set.of(CALENDAR, CALENDAR_READONLY, CALENDAR_CALENDARLIST, CALENDAR_CALENDARLIST_READONLY);

  private Scopes() {}

  /**
   * Parses a space-separated scope parameter, expanding Google's short aliases ({@code email},
   * {@code profile}) the way Google reports them back.
   *
   * @throws IllegalArgumentException naming the first scope Google would not know
   */
  public static Set<String> parse(String scopeParameter) {
    Set<String> scopes = new LinkedHashSet<>();
    if (scopeParameter == null) {
      return scopes;
    }
    Arrays.stream(scopeParameter.trim().split("[\\s+]+"))
        .filter(s -> !s.isEmpty())
        .forEach(
            s -> {
              switch (s) {
                case "email" -> scopes.add(USERINFO_EMAIL);
                case "profile" -> scopes.add(USERINFO_PROFILE);
                case OPENID -> scopes.add(OPENID);
                default -> {
                  if (!s.startsWith(PREFIX) || s.length() == PREFIX.length()) {
                    throw new IllegalArgumentException(s);
                  }
                  scopes.add(s);
                }
              }
            });
    return scopes;
  }

  public static boolean grantsAny(Set<String> granted, Set<String> accepted) {
    return granted.stream().anyMatch(accepted::contains);
  }

  public static String join(Set<String> scopes) {
    return String.join(" ", scopes);
  }

  public static boolean isIdentityScope(String scope) {
    return scope.equals(OPENID) || scope.equals(USERINFO_EMAIL) || scope.equals(USERINFO_PROFILE);
  }
}
