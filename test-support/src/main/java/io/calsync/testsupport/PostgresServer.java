package io.calsync.testsupport;

/** A running PostgreSQL server on which the test user may create databases. */
interface PostgresServer {

  /** The database to connect to for {@code CREATE DATABASE}; its user is a database creator. */
  PostgresDatabase maintenanceDatabase();

  /** Which discovery step supplied this server, for logs and test output. */
  String origin();
}
