package dev.corvid.mlregistry.registry;

import dev.corvid.mlregistry.MlRegistryException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Order-by clauses and page tokens for searches. A token is opaque to clients: the offset of the next page and a
 * fingerprint of the filter and order it belongs to, so a token replayed against another search is refused rather
 * than silently skipping rows.
 */
final class SearchPaging {

    private static final Map<String, String> MODEL_COLUMNS = Map.of(
            "name", "m.name", "creation_timestamp", "m.created_at", "timestamp", "m.created_at",
            "last_updated_timestamp", "m.updated_at");
    private static final Map<String, String> VERSION_COLUMNS = Map.of(
            "name", "m.name", "version_number", "v.version", "creation_timestamp", "v.created_at",
            "timestamp", "v.created_at", "last_updated_timestamp", "v.updated_at", "run_id", "v.run_id");

    private SearchPaging() {
    }

    /** SQL ORDER BY for models; default by name, ties broken by id so pages never overlap. */
    static String modelOrder(List<String> clauses) {
        return order(clauses, MODEL_COLUMNS, "m.name ASC", "m.id ASC");
    }

    /** SQL ORDER BY for versions; default by name then newest version first. */
    static String versionOrder(List<String> clauses) {
        return order(clauses, VERSION_COLUMNS, "m.name ASC, v.version DESC", "v.model_id ASC, v.version ASC");
    }

    private static String order(List<String> clauses, Map<String, String> columns, String fallback, String tie) {
        if (clauses.isEmpty()) {
            return fallback + ", " + tie;
        }
        List<String> sql = new ArrayList<>();
        for (String clause : clauses) {
            String[] parts = clause.strip().split("\\s+");
            String column = columns.get(parts[0].toLowerCase(Locale.ROOT));
            if (column == null || parts.length > 2) {
                throw new MlRegistryException.InvalidParameter("Invalid order_by clause '" + clause
                        + "'; order by one of " + columns.keySet() + ", optionally ASC or DESC.");
            }
            String direction = parts.length == 2 ? parts[1].toUpperCase(Locale.ROOT) : "ASC";
            if (!direction.equals("ASC") && !direction.equals("DESC")) {
                throw new MlRegistryException.InvalidParameter("Invalid order_by direction '" + parts[1]
                        + "'; use ASC or DESC.");
            }
            sql.add(column + " " + direction);
        }
        return String.join(", ", sql) + ", " + tie;
    }

    /** The token for the page starting at {@code offset}. */
    static String token(int offset, SearchQuery query) {
        String raw = "o=" + offset + ";f=" + fingerprint(query);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token points at; 0 without a token. */
    static int offset(SearchQuery query) {
        if (query.pageToken() == null || query.pageToken().isBlank()) {
            return 0;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(query.pageToken()), StandardCharsets.UTF_8);
            String[] parts = raw.split(";");
            if (parts.length == 2 && parts[0].startsWith("o=") && parts[1].equals("f=" + fingerprint(query))) {
                int offset = Integer.parseInt(parts[0].substring(2));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw new MlRegistryException.InvalidParameter(
                "Invalid page_token: it does not belong to this search (same filter and order_by).");
    }

    private static String fingerprint(SearchQuery query) {
        return Integer.toHexString(Objects.hash(query.filter() == null ? "" : query.filter().strip(),
                query.orderBy()));
    }
}
