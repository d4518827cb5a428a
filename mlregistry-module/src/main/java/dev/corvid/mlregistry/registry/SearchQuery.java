package dev.corvid.mlregistry.registry;

import java.util.List;

/**
 * A search: an MLflow-style filter ({@code name LIKE 'fraud%' AND tags.team = 'risk'}), order-by clauses
 * ({@code name ASC}, {@code last_updated_timestamp DESC}), a page size and the token of the page to read.
 */
public record SearchQuery(String filter, List<String> orderBy, int pageSize, String pageToken) {

    public SearchQuery {
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
    }
}
