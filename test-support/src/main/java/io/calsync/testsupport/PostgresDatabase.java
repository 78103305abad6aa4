package io.calsync.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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

  /** A JDBC connection to the database, for a test's own queries; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), username, password);
  }

  /** The versions of the Flyway migrations applied successfully, in the order they ran. */
  public List<String> appliedMigrations() {
    return queryStrings(
        "select version from flyway_schema_history where success order by installed_rank");
  }

  /** The tables of the {@code public} schema. */
  public List<String> tableNames() {
    return queryStrings(
        "select table_name from information_schema.tables where table_schema = 'public'");
  }

  /**
   * The first column of every row {@code sql} returns, as text (e.g. Flyway's applied versions).
   */
  public List<String> queryStrings(String sql) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException("Query failed on " + this + ": " + sql, e);
    }
  }

  @Override
  public String toString() {
    // The password stays out of logs and assertion messages.
    return "PostgresDatabase[" + jdbcUrl() + ", user=" + username + "]";
  }
}
