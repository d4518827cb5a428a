package dev.corvid.platform.error;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem details body. {@code type} is {@code about:blank} (the status says it all) unless a module
 * names a more specific one; {@code detail} tells the caller what was wrong in their request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "title", "status", "detail", "instance" })
public record Problem(String type, String title, int status, String detail, String instance,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    /** The media type of every error body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        extensions = extensions == null ? Map.of() : new LinkedHashMap<>(extensions);
    }

    /** A problem with the standard reason phrase as title. */
    public static Problem of(int status, String detail, String instance) {
        return new Problem("about:blank", HttpReasons.phrase(status), status, detail, instance, Map.of());
    }

    /** This problem with one more member. */
    public Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(type, title, status, detail, instance, more);
    }

    @JsonAnyGetter
    Map<String, Object> members() {
        return extensions;
    }
}
