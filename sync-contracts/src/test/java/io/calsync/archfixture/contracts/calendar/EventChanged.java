package io.calsync.archfixture.contracts.calendar;

import io.calsync.archfixture.contracts.orchestrator.LinkState;
import org.apache.kafka.common.header.Headers;

/**
 * A body that knows a service's type and Kafka's headers. (No Spring type is on this module's
 * classpath; the library rule is an allow-list, which the service's type violates as well.)
 */
public record EventChanged(String eventId, LinkState linkState, Headers headers) {}
