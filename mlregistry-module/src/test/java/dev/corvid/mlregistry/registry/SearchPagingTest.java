package dev.corvid.mlregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corvid.mlregistry.MlRegistryException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchPagingTest {

    @Test
    void tokenRoundTripsForTheSameSearch() {
        SearchQuery query = new SearchQuery("name LIKE 'a%'", List.of("name DESC"), 10, null);
        String token = SearchPaging.token(30, query);
        assertThat(SearchPaging.offset(new SearchQuery("name LIKE 'a%'", List.of("name DESC"), 10, token)))
                .isEqualTo(30);
    }

    @Test
    void tokenOfAnotherSearchIsRefused() {
        String token = SearchPaging.token(30, new SearchQuery("name LIKE 'a%'", List.of(), 10, null));
        assertThatThrownBy(() -> SearchPaging.offset(new SearchQuery("name LIKE 'b%'", List.of(), 10, token)))
                .isInstanceOf(MlRegistryException.InvalidParameter.class).hasMessageContaining("page_token");
        assertThatThrownBy(() -> SearchPaging.offset(new SearchQuery(null, List.of(), 10, "%%%garbage")))
                .isInstanceOf(MlRegistryException.InvalidParameter.class);
    }

    @Test
    void orderByMapsToColumnsWithATieBreaker() {
        assertThat(SearchPaging.modelOrder(List.of("last_updated_timestamp DESC")))
                .isEqualTo("m.updated_at DESC, m.id ASC");
        assertThat(SearchPaging.versionOrder(List.of())).isEqualTo("m.name ASC, v.version DESC, v.model_id ASC, "
                + "v.version ASC");
        assertThatThrownBy(() -> SearchPaging.modelOrder(List.of("owner"))).hasMessageContaining("order_by");
        assertThatThrownBy(() -> SearchPaging.modelOrder(List.of("name SIDEWAYS"))).hasMessageContaining("ASC");
    }
}
