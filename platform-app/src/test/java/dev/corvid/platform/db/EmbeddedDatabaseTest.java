package dev.corvid.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server keeps its data across restarts, runs durably, and refuses a second server on its directory. */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void dataSurvivesARestartOnTheSameDirectory() throws SQLException {
        Path data = dir.resolve("pg");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(data, 0, false)) {
            execute(first, "CREATE TABLE kept (note text)");
            execute(first, "INSERT INTO kept VALUES ('written before the restart')");
        }
        try (EmbeddedDatabase second = EmbeddedDatabase.start(data, 0, false)) {
            assertThat(query(second, "SELECT note FROM kept")).isEqualTo("written before the restart");
        }
    }

    @Test
    void restartKeepsPortAndData() throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pg"), 0, false)) {
            int port = db.port();
            execute(db, "CREATE TABLE t (n int); INSERT INTO t VALUES (42)");
            db.stop();
            assertThat(db.running()).isFalse();
            assertThatThrownBy(() -> query(db, "SELECT 1")).isInstanceOf(SQLException.class);
            db.restart();
            assertThat(db.port()).isEqualTo(port);
            assertThat(query(db, "SELECT n FROM t")).isEqualTo("42");
        }
    }

    @Test
    void commitsAreDurable() throws SQLException {
        // zonky's defaults turn fsync and synchronous_commit off; an acknowledged write must survive a crash.
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pg"), 0, false)) {
            assertThat(query(db, "SHOW fsync")).isEqualTo("on");
            assertThat(query(db, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(query(db, "SELECT current_database()")).isEqualTo(EmbeddedDatabase.DATABASE);
        }
    }

    @Test
    void secondServerOnARunningDirectoryFails() {
        Path data = dir.resolve("pg");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, false)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(data, 0, false)).isInstanceOf(RuntimeException.class);
            assertThat(db.running()).isTrue();
        }
    }

    private static void execute(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
