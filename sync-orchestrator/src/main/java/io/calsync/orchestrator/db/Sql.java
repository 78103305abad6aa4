package io.calsync.orchestrator.db;

import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/** Binding helpers for the hand-written SQL of this package. */
public final class Sql {

  private Sql() {}

  public static GenericExecuteSpec bindNullable(
      GenericExecuteSpec spec, String name, Object value, Class<?> type) {
    return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
  }

  public static GenericExecuteSpec bindJson(GenericExecuteSpec spec, String name, String json) {
    return json == null ? spec.bindNull(name, Json.class) : spec.bind(name, Json.of(json));
  }

  public static String json(Object column) {
    return column == null ? null : ((Json) column).asString();
  }
}
