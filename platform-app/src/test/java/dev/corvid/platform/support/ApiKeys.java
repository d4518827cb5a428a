package dev.corvid.platform.support;

/** The API keys the test profile configures (application.properties, %test). */
public final class ApiKeys {

    public static final String READER = "reader-key-0123456789abcdef";
    public static final String WRITER = "writer-key-0123456789abcdef";
    public static final String ADMIN = "admin-key-0123456789abcdef";

    private ApiKeys() {
    }

    /** The Authorization header value for a key. */
    public static String bearer(String key) {
        return "Bearer " + key;
    }
}
