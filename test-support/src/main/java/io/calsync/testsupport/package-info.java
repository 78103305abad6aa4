/** Real infrastructure for integration tests: Kafka brokers and PostgreSQL databases. */
package io.calsync.testsupport;
