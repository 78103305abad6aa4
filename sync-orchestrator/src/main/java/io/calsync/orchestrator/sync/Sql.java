package io.calsync.orchestrator.sync;

import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/** Binding helpers for the hand-written SQL of this package. */
final class Sql {

  private Sql() {}

  static GenericExecuteSpec bindNullable(
      GenericExecuteSpec spec, String name, Object value, Class<?> type) {
    return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
  }

  static GenericExecuteSpec bindJson(GenericExecuteSpec spec, String name, String json) {
    return json == null ? spec.bindNull(name, Json.class) : spec.bind(name, Json.of(json));
  }

  static String json(Object column) {
    return column == null ? null : ((Json) column).asString();
  }
}
