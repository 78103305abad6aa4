package io.calsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class SharedPostgresIT {

  @Test
  void freshDatabase_givesTwoDistinctEmptyUsableDatabases() throws SQLException {
    System.out.println("SharedPostgres discovery: " + SharedPostgres.origin());

    PostgresDatabase first = SharedPostgres.freshDatabase("shared-postgres-it");
    PostgresDatabase second = SharedPostgres.freshDatabase("shared-postgres-it");

    assertThat(first.name()).isNotEqualTo(second.name()).startsWith("shared_postgres_it_");
    assertThat(first.jdbcUrl())
        .isEqualTo("jdbc:postgresql://" + first.host() + ":" + first.port() + "/" + first.name());
    assertThat(first.r2dbcUrl()).isEqualTo("r2dbc:" + first.jdbcUrl().substring("jdbc:".length()));
    assertThat(userTables(first)).isZero();
    assertThat(userTables(second)).isZero();

    try (Connection connection = connect(first);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE task (id BIGINT PRIMARY KEY, title TEXT NOT NULL)");
      statement.execute("INSERT INTO task VALUES (1, 'write tests')");
      try (ResultSet rows = statement.executeQuery("SELECT title FROM task WHERE id = 1")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("write tests");
      }
    }

    assertThat(userTables(first)).isEqualTo(1);
    assertThat(userTables(second)).isZero();
    try (Connection connection = connect(second)) {
      assertThat(connection.getCatalog()).isEqualTo(second.name());
    }
  }

  @Test
  void freshDatabase_allowsManyConnectionsLikeSeveralSpringContexts() throws SQLException {
    PostgresDatabase database = SharedPostgres.freshDatabase("connections");
    Connection[] connections = new Connection[120];
    try {
      for (int i = 0; i < connections.length; i++) {
        connections[i] = connect(database);
      }
      assertThat(connections).allSatisfy(c -> assertThat(c.isValid(5)).isTrue());
    } finally {
      for (Connection connection : connections) {
        if (connection != null) {
          connection.close();
        }
      }
    }
  }

  private static Connection connect(PostgresDatabase database) throws SQLException {
    return database.connect();
  }

  private static int userTables(PostgresDatabase database) throws SQLException {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
