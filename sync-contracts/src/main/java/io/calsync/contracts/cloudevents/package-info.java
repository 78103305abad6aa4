/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode: the attributes travel as {@code ce_*}
 * headers, the body is plain JSON. {@link io.calsync.contracts.cloudevents.CloudEventSerializer}
 * and {@link io.calsync.contracts.cloudevents.CloudEventDeserializer} are ordinary kafka-clients
 * (de)serializers, usable from plain clients and from spring-kafka.
 */
package io.calsync.contracts.cloudevents;
