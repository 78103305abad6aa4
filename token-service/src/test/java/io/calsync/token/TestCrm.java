package io.calsync.token;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A CRM page that embeds the settings page in an iframe ({@code id="calsync"}) and hands it the
 * user's token by {@code postMessage} the way the README documents: after the page's "ready"
 * message, to the page's origin only. {@code eager=true} makes it the attacker's variant, which
 * posts the token at once and again and again, without waiting to be asked.
 */
final class TestCrm implements AutoCloseable {

  private static final String PAGE =
      """
      <!doctype html>
      <html><head><title>CRM</title></head><body>
      <h1>CRM settings</h1>
      <iframe id="calsync" name="calsync" width="1100" height="1300"></iframe>
      <script>
      const params = new URLSearchParams(location.search);
      const page = new URL(params.get("page"));
      const frame = document.getElementById("calsync");
      const handOver = () =>
        frame.contentWindow.postMessage({ type: "calsync.token", token: params.get("token") },
          params.get("eager") === "true" ? "*" : page.origin);
      window.addEventListener("message", (event) => {
        if (event.origin === page.origin && event.data
            && event.data.type === "calsync.settings-page.ready") {
          handOver();
        }
      });
      if (params.get("eager") === "true") setInterval(handOver, 200);
      frame.src = page.href;
      </script>
      </body></html>
      """;

  private final HttpServer server;

  private TestCrm(HttpServer server) {
    this.server = server;
  }

  static TestCrm start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      server.createContext(
          "/embed",
          exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return new TestCrm(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://localhost:<port>}: what {@code embedder-origins} lists for this CRM. */
  String origin() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  /** This CRM's page embedding {@code settingsPage} for the user of {@code token}. */
  String embedding(String settingsPage, String token, boolean eager) {
    return origin()
        + "/embed?page="
        + URLEncoder.encode(settingsPage, StandardCharsets.UTF_8)
        + "&token="
        + URLEncoder.encode(token, StandardCharsets.UTF_8)
        + "&eager="
        + eager;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
