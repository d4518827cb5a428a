package dev.corvid.platform.api.error;

import java.util.Map;

/**
 * How the platform answers a failure, for APIs that must render errors in their own format (MLflow's
 * {@code {"error_code", "message"}}) yet keep the platform's statuses, 503 handling and logging. Implemented by the
 * platform; a 5xx is logged once, here.
 */
public interface FailureClassifier {

    /** The status, caller-safe detail, {@code Retry-After} seconds (0 for none) and extra members of a failure. */
    Classified classify(Throwable failure, String instance);

    /** A classified failure. */
    record Classified(int status, String title, String detail, long retryAfterSeconds,
            Map<String, Object> extensions) {

        /**
         * The failure as an RFC 9457 problem body, for a response the platform's mappers cannot write (an error
         * event inside a stream that has already begun).
         */
        public Map<String, Object> asProblem(String instance) {
            Map<String, Object> problem = new java.util.LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", title);
            problem.put("status", status);
            problem.put("detail", detail);
            problem.put("instance", instance);
            problem.putAll(extensions);
            return problem;
        }
    }
}
