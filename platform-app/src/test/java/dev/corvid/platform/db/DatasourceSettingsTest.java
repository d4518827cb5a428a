package dev.corvid.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Flyway (JDBC) must reach exactly the server the reactive client uses. */
class DatasourceSettingsTest {

    @Test
    void plainUrl() {
        var s = DatasourceSettings.fromReactive("postgresql://db.internal:5433/corvid", Optional.of("app"),
                Optional.of("pw"));
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/corvid");
        assertThat(s.user()).isEqualTo("app");
        assertThat(s.password()).isEqualTo("pw");
    }

    @Test
    void userInfoAndQueryAndPrefixes() {
        var s = DatasourceSettings.fromReactive("vertx-reactive:postgres://bob:s%40cret@host/db?sslmode=require",
                Optional.empty(), Optional.empty());
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://host/db?sslmode=require");
        assertThat(s.user()).isEqualTo("bob");
        assertThat(s.password()).isEqualTo("s@cret");
        assertThat(s.toString()).doesNotContain("s@cret");
    }

    @Test
    void configuredCredentialsWinOverUserInfo() {
        var s = DatasourceSettings.fromReactive("postgresql://bob:x@host:5432/db", Optional.of("alice"),
                Optional.of("y"));
        assertThat(s.user()).isEqualTo("alice");
        assertThat(s.password()).isEqualTo("y");
    }

    @Test
    void otherSchemesAreRefusedWithoutLeakingThePassword() {
        assertThatThrownBy(() -> DatasourceSettings.fromReactive("mysql://u:secret@host/db", Optional.empty(),
                Optional.empty()))
                .hasMessageContaining("quarkus.datasource.reactive.url")
                .hasMessageNotContaining("secret");
    }
}
