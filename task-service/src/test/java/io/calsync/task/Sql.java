package io.calsync.task;

import io.calsync.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC against a test database, to check what the service wrote (or did not write). */
public final class Sql {

  private Sql() {}

  public static long count(PostgresDatabase database, String sql, Object... args) {
    return Long.parseLong(strings(database, sql, args).get(0));
  }

  /** The first column of every row, as text. */
  public static List<String> strings(PostgresDatabase database, String sql, Object... args) {
    try (Connection connection = connect(database);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      List<String> values = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void execute(PostgresDatabase database, String sql) {
    try (Connection connection = connect(database);
        var statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Connection connect(PostgresDatabase database) throws SQLException {
    return database.connect();
  }
}
