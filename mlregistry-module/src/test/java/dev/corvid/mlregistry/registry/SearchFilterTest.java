package dev.corvid.mlregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corvid.mlregistry.MlRegistryException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchFilterTest {

    @Test
    void emptyFilterMatchesEverything() {
        assertThat(SearchFilter.compile("  ", SearchFilter.Target.MODELS, 1).condition()).isEqualTo("TRUE");
    }

    @Test
    void clausesBecomeBoundParameters() {
        var sql = SearchFilter.compile("name LIKE 'fraud%' AND tags.team = 'risk' AND creation_timestamp > 1700000000000",
                SearchFilter.Target.MODELS, 1);
        assertThat(sql.condition()).isEqualTo("m.name LIKE $1 AND EXISTS (SELECT 1 FROM mlregistry.registered_model_tag"
                + " t WHERE t.model_id = m.id AND t.key = $2 AND t.value = $3) AND m.created_at >"
                + " to_timestamp($4::double precision / 1000)");
        assertThat(sql.params()).containsExactly("fraud%", "team", "risk", 1700000000000L);
    }

    @Test
    void quotesAreEscapedByDoublingAndNeverSpliced() {
        var sql = SearchFilter.compile("name = 'it''s; DROP TABLE x'", SearchFilter.Target.MODELS, 3);
        assertThat(sql.condition()).isEqualTo("m.name = $3");
        assertThat(sql.params()).containsExactly("it's; DROP TABLE x");
    }

    @Test
    void versionFieldsAndInLists() {
        var sql = SearchFilter.compile("run_id IN ('a', 'b') and version_number >= 2 AND tags.`my key` != 'x'",
                SearchFilter.Target.VERSIONS, 1);
        assertThat(sql.condition()).startsWith("v.run_id = ANY($1) AND v.version >= $2 AND EXISTS");
        assertThat(sql.params().get(0)).isEqualTo(new String[] { "a", "b" });
        assertThat(sql.params()).contains(2, "my key", "x");
    }

    @Test
    void errorsSayWhatAndWhere() {
        for (String bad : List.of("name ~ 'x'", "owner = 'x'", "name = x", "name = 'open", "run_id = 'x'",
                "name = 'a' OR name = 'b'")) {
            assertThatThrownBy(() -> SearchFilter.compile(bad, SearchFilter.Target.MODELS, 1))
                    .as(bad).isInstanceOf(MlRegistryException.InvalidParameter.class)
                    .hasMessageContaining("Invalid filter at position");
        }
    }
}
