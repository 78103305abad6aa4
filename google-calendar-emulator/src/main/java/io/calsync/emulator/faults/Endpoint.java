package io.calsync.emulator.faults;

import io.calsync.emulator.oauth.Scopes;
import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * An emulated API method, named as in Google's discovery document ({@code events.insert}) or, for
 * the OAuth endpoints, {@code oauth.token} etc. Names key call counts and fault rules.
 */
public record Endpoint(String name, boolean calendarApi, Set<String> acceptedScopes) {

  private static final String CALENDAR = "/calendar/v3/";

  /** Resolves a request to its endpoint, or null for paths that are not emulated Google APIs. */
  public static Endpoint resolve(HttpMethod method, String path) {
    if (path.startsWith(CALENDAR)) {
      return calendar(method, path.substring(CALENDAR.length()).split("/"));
    }
    String name =
        switch (path) {
          case "/o/oauth2/v2/auth", "/o/oauth2/auth" -> "oauth.authorize";
          case "/o/oauth2/v2/auth/approve" -> "oauth.consent";
          case "/token", "/o/oauth2/token", "/oauth2/v4/token" -> "oauth.token";
          case "/revoke", "/o/oauth2/revoke" -> "oauth.revoke";
          case "/oauth2/v3/userinfo", "/v1/userinfo", "/oauth2/v2/userinfo" -> "oauth.userinfo";
          case "/tokeninfo", "/oauth2/v3/tokeninfo" -> "oauth.tokeninfo";
          case "/oauth2/v3/certs" -> "oauth.certs";
          default -> null;
        };
    return name == null ? null : new Endpoint(name, false, Set.of());
  }

  private static Endpoint calendar(HttpMethod method, String[] s) {
    String m = method.name();
    if (s.length >= 3 && s[0].equals("users") && s[1].equals("me") && s[2].equals("calendarList")) {
      String name =
          s.length == 3
              ? (m.equals("GET") ? "calendarList.list" : "calendarList.insert")
              : "calendarList.get";
      return new Endpoint(name, true, Scopes.CALENDAR_LIST_READ);
    }
    if (s.length == 2 && s[0].equals("channels") && s[1].equals("stop")) {
      return new Endpoint("channels.stop", true, Scopes.EVENTS_READ);
    }
    if (s.length >= 2 && s[0].equals("calendars")) {
      if (s.length == 2) {
        return new Endpoint("calendars.get", true, Scopes.CALENDAR_LIST_READ);
      }
      if (s[2].equals("events")) {
        if (s.length == 3) {
          return m.equals("GET") ? read("events.list") : write("events.insert");
        }
        if (s.length == 4) {
          return switch (s[3]) {
            case "watch" -> read("events.watch");
            case "import" -> write("events.import");
            case "quickAdd" -> write("events.quickAdd");
            default ->
                switch (m) {
                  case "GET" -> read("events.get");
                  case "PUT" -> write("events.update");
                  case "PATCH" -> write("events.patch");
                  case "DELETE" -> write("events.delete");
                  default -> write("events.unknown");
                };
          };
        }
        if (s.length == 5 && s[4].equals("instances")) {
          return read("events.instances");
        }
        if (s.length == 5 && s[4].equals("move")) {
          return write("events.move");
        }
      }
    }
    return new Endpoint("calendar.unknown", true, Scopes.EVENTS_READ);
  }

  private static Endpoint read(String name) {
    return new Endpoint(name, true, Scopes.EVENTS_READ);
  }

  private static Endpoint write(String name) {
    return new Endpoint(name, true, Scopes.EVENTS_WRITE);
  }
}
