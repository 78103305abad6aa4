package io.calsync.testsupport;

/** A server someone else runs, named by {@code CALSYNC_TEST_POSTGRES_URL} (discovery step 1). */
record ExternalPostgres(PostgresDatabase maintenanceDatabase) implements PostgresServer {

  @Override
  public String origin() {
    return "step 1: " + PostgresDiscovery.URL_VARIABLE + " " + maintenanceDatabase;
  }
}
