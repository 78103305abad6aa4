package io.calsync.emulator.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Inflates {@code Content-Encoding: gzip} request bodies: the Google Java client gzips every
 * request body by default, which Spring's codecs would otherwise read as garbage.
 */
@Component
class GzipRequestBodyFilter implements WebFilter, Ordered {

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String encoding = request.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING);
    if (encoding == null || !encoding.trim().equalsIgnoreCase("gzip")) {
      return chain.filter(exchange);
    }
    return DataBufferUtils.join(request.getBody())
        .map(GzipRequestBodyFilter::inflate)
        .defaultIfEmpty(new byte[0])
        .flatMap(
            bytes -> {
              HttpHeaders headers = new HttpHeaders();
              headers.putAll(request.getHeaders());
              headers.remove(HttpHeaders.CONTENT_ENCODING);
              headers.setContentLength(bytes.length);
              ServerHttpRequest inflated =
                  new ServerHttpRequestDecorator(request) {
                    @Override
                    public HttpHeaders getHeaders() {
                      return headers;
                    }

                    @Override
                    public Flux<DataBuffer> getBody() {
                      return Flux.defer(
                          () -> Mono.just(exchange.getResponse().bufferFactory().wrap(bytes)));
                    }
                  };
              return chain.filter(exchange.mutate().request(inflated).build());
            })
        .onErrorMap(
            UncheckedIOException.class,
            e -> new GoogleApiException(HttpStatus.BAD_REQUEST, "parseError", "Parse Error"));
  }

  private static byte[] inflate(DataBuffer buffer) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(toBytes(buffer)))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] toBytes(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }
}
