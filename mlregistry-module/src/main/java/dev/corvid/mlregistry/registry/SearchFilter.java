package dev.corvid.mlregistry.registry;

import dev.corvid.mlregistry.MlRegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compiles an MLflow-style search filter to a parameterised SQL condition. Clauses are joined by {@code AND};
 * each is {@code <field> <op> <value>}:
 * <ul>
 * <li>{@code name} with {@code = != LIKE ILIKE}, a quoted string;</li>
 * <li>{@code tags.<key>} (or {@code tags.`key with spaces`}) with {@code = != LIKE ILIKE};</li>
 * <li>{@code creation_timestamp}, {@code last_updated_timestamp} with {@code = != < <= > >=}, epoch milliseconds;</li>
 * <li>for versions also {@code run_id} and {@code source_path} ({@code =}, {@code !=}, {@code LIKE},
 * {@code IN ('a', 'b')}) and {@code version_number} (comparisons).</li>
 * </ul>
 * Values are always bound as parameters, never spliced into the SQL.
 */
final class SearchFilter {

    /** What is searched: registered models ({@code m}) or model versions ({@code v} joined to {@code m}). */
    enum Target { MODELS, VERSIONS }

    /** The condition (never empty: {@code TRUE} when there is no filter) and its parameters from {@code $first}. */
    record Sql(String condition, List<Object> params) {
    }

    private final String text;
    private final Target target;
    private final List<Object> params = new ArrayList<>();
    private final int firstParam;
    private int pos;

    private SearchFilter(String text, Target target, int firstParam) {
        this.text = text;
        this.target = target;
        this.firstParam = firstParam;
    }

    /** Compiles {@code filter}; parameters are numbered from {@code firstParam}. */
    static Sql compile(String filter, Target target, int firstParam) {
        if (filter == null || filter.isBlank()) {
            return new Sql("TRUE", List.of());
        }
        SearchFilter parser = new SearchFilter(filter, target, firstParam);
        List<String> clauses = new ArrayList<>();
        do {
            clauses.add(parser.clause());
        } while (parser.keyword("AND"));
        parser.skipSpace();
        if (parser.pos < filter.length()) {
            throw parser.error("expected AND or the end of the filter");
        }
        return new Sql(String.join(" AND ", clauses), List.copyOf(parser.params));
    }

    private String clause() {
        skipSpace();
        String field = identifier();
        skipSpace();
        String op = operator();
        String lower = field.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tags.") || lower.startsWith("tag.")) {
            String key = unquoteKey(field.substring(field.indexOf('.') + 1));
            requireOp(op, field, "=", "!=", "LIKE", "ILIKE");
            String value = string();
            String table = target == Target.MODELS ? "mlregistry.registered_model_tag t WHERE t.model_id = m.id"
                    : "mlregistry.model_version_tag t WHERE t.model_id = v.model_id AND t.version = v.version";
            String keyParam = param(key);
            String match = "t.value " + sqlOp(op) + " " + param(value);
            return "EXISTS (SELECT 1 FROM " + table + " AND t.key = " + keyParam + " AND " + match + ")";
        }
        return switch (lower) {
            case "name" -> text("m.name", field, op);
            case "creation_timestamp" -> timestamp(target == Target.MODELS ? "m.created_at" : "v.created_at", field, op);
            case "last_updated_timestamp" ->
                    timestamp(target == Target.MODELS ? "m.updated_at" : "v.updated_at", field, op);
            case "run_id" -> versionsOnly(field, () -> textOrIn("v.run_id", field, op));
            case "source_path", "source" -> versionsOnly(field, () -> textOrIn("v.source", field, op));
            case "version_number" -> versionsOnly(field, () -> {
                requireOp(op, field, "=", "!=", "<", "<=", ">", ">=");
                return "v.version " + sqlOp(op) + " " + param((int) number(field));
            });
            default -> throw error("unknown field '" + field + "'; filter on name, tags.<key>, creation_timestamp, "
                    + "last_updated_timestamp" + (target == Target.VERSIONS ? ", run_id, source_path, version_number"
                            : ""));
        };
    }

    private String versionsOnly(String field, java.util.function.Supplier<String> clause) {
        if (target != Target.VERSIONS) {
            throw error("'" + field + "' can only filter model versions");
        }
        return clause.get();
    }

    private String text(String column, String field, String op) {
        requireOp(op, field, "=", "!=", "LIKE", "ILIKE");
        return column + " " + sqlOp(op) + " " + param(string());
    }

    private String textOrIn(String column, String field, String op) {
        if (op.equals("IN")) {
            skipSpace();
            expect('(');
            List<String> values = new ArrayList<>();
            do {
                values.add(string());
                skipSpace();
            } while (consume(','));
            expect(')');
            return column + " = ANY(" + param(values.toArray(String[]::new)) + ")";
        }
        return text(column, field, op);
    }

    private String timestamp(String column, String field, String op) {
        requireOp(op, field, "=", "!=", "<", "<=", ">", ">=");
        long millis = number(field);
        return column + " " + sqlOp(op) + " to_timestamp(" + param(millis) + "::double precision / 1000)";
    }

    private static String sqlOp(String op) {
        return op.equals("!=") ? "<>" : op;
    }

    private void requireOp(String op, String field, String... allowed) {
        for (String a : allowed) {
            if (a.equals(op)) {
                return;
            }
        }
        throw error("operator " + op + " is not supported for '" + field + "'; use one of " + String.join(" ", allowed));
    }

    private String param(Object value) {
        params.add(value);
        return "$" + (firstParam + params.size() - 1);
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '`') {
                int close = text.indexOf('`', pos + 1);
                if (close < 0) {
                    throw error("unclosed backtick");
                }
                pos = close + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') {
                pos++;
            } else {
                break;
            }
        }
        if (start == pos) {
            throw error("expected a field name");
        }
        return text.substring(start, pos);
    }

    private static String unquoteKey(String key) {
        return key.length() >= 2 && key.startsWith("`") && key.endsWith("`") ? key.substring(1, key.length() - 1)
                : key;
    }

    private String operator() {
        for (String op : new String[] { "!=", "<=", ">=", "=", "<", ">" }) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        for (String op : new String[] { "ILIKE", "LIKE", "IN" }) {
            if (keyword(op)) {
                return op;
            }
        }
        throw error("expected an operator (= != < <= > >= LIKE ILIKE IN)");
    }

    private boolean keyword(String word) {
        skipSpace();
        int end = pos + word.length();
        if (text.regionMatches(true, pos, word, 0, word.length())
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private String string() {
        skipSpace();
        if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
            throw error("expected a quoted string");
        }
        char quote = text.charAt(pos++);
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                if (pos < text.length() && text.charAt(pos) == quote) {
                    value.append(quote);
                    pos++;
                } else {
                    return value.toString();
                }
            } else {
                value.append(c);
            }
        }
        throw error("unclosed string");
    }

    private long number(String field) {
        skipSpace();
        int start = pos;
        if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        try {
            return Long.parseLong(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("'" + field + "' needs an integer");
        }
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private boolean consume(char c) {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private MlRegistryException.InvalidParameter error(String what) {
        return new MlRegistryException.InvalidParameter("Invalid filter at position " + pos + ": " + what + ".");
    }
}
