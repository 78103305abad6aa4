package io.calsync.testsupport;

/**
 * One database on the shared test PostgreSQL server, with the credentials that reach it.
 *
 * @param name database name
 * @param host server host
 * @param port server port
 * @param username role that owns the database
 * @param password password of that role (ignored by servers with trust authentication)
 */
public record PostgresDatabase(
    String name, String host, int port, String username, String password) {

  /** {@code jdbc:postgresql://host:port/name}, e.g. for Flyway. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name;
  }

  /** {@code r2dbc:postgresql://host:port/name}, for Spring Data R2DBC. */
  public String r2dbcUrl() {
    return "r2dbc:postgresql://" + host + ":" + port + "/" + name;
  }

  @Override
  public String toString() {
    // The password stays out of logs and assertion messages.
    return "PostgresDatabase[" + jdbcUrl() + ", user=" + username + "]";
  }
}
