package io.calsync.contracts.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.calsync.contracts.EventType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON Schemas of the registered types, loaded once from the classpath. */
final class ContractSchemas {

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

  private ContractSchemas() {}

  /** The schema violations of {@code body}, empty when it is valid. */
  static List<String> violations(EventType<?> type, JsonNode body) {
    JsonSchema schema =
        SCHEMAS.computeIfAbsent(
            type.ceType(),
            ceType -> FACTORY.getSchema(SchemaLocation.of("classpath:" + type.schemaResource())));
    return schema.validate(body).stream().map(ValidationMessage::getMessage).sorted().toList();
  }
}
