package dev.corvid.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.deser.std.UntypedObjectDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.corvid.platform.api.text.StoredText;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one JSON configuration of every API: a request body is exactly one JSON document, field types are what the
 * API says (no {@code "2"} for 2, no 123 for {@code "123"}, no 2.5 for an integer), a key appears once, numbers are
 * finite, timestamps are ISO-8601 within years 1 to 9999, and text is valid Unicode without NUL (what PostgreSQL
 * can store and an export can read back). A violation fails deserialization with an exception that names the field;
 * the error mappers turn it into a 400 in the API's own format.
 */
@Singleton
class StrictJson implements ObjectMapperCustomizer {

    private final long maxDocumentBytes;

    StrictJson(@ConfigProperty(name = "corvid.http.max-body-size", defaultValue = "10240K") MemorySize maxBody) {
        this.maxDocumentBytes = maxBody.asLongValue();
    }

    /** The earliest and latest instants a request may carry: what ISO-8601's four-digit years can write. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** Last, so that these rules replace Quarkus' own modules' deserializers (the last registered wins). */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // A chunked body has no Content-Length to refuse early; the reader stops at the body limit instead.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(maxDocumentBytes).build());
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType structured : List.of(LogicalType.POJO, LogicalType.Map, LogicalType.Collection,
                LogicalType.Array)) {
            mapper.coercionConfigFor(structured).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }

        SimpleModule strict = new SimpleModule("corvid-strict-json");
        strict.addDeserializer(String.class, new TextDeserializer());
        strict.addKeyDeserializer(String.class, new TextKeyDeserializer());
        strict.addDeserializer(Object.class, new CheckedUntypedDeserializer());
        strict.addDeserializer(Double.class, new FiniteDoubleDeserializer(Double.class));
        strict.addDeserializer(double.class, new FiniteDoubleDeserializer(double.class));
        strict.addDeserializer(Instant.class, new BoundedInstantDeserializer());
        mapper.registerModule(strict);
    }

    /** Strings as Jackson reads them (with the coercion rules above), refused when not storable text. */
    static final class TextDeserializer extends StdScalarDeserializer<String> {

        TextDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            String problem = StoredText.problem(value);
            if (problem != null) {
                throw InvalidJsonValue.of(p, "text without NUL characters or lone surrogates", "it " + problem);
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    /** Map keys (tag names, feature names) follow the same rule as text values. */
    static final class TextKeyDeserializer extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            String problem = StoredText.problem(key);
            if (problem != null) {
                throw InvalidJsonValue.of(ctxt.getParser(), "keyed by text without NUL characters or lone"
                        + " surrogates", "a key " + problem);
            }
            return key;
        }
    }

    /** Free-form JSON (hyperparameters, features): every string and key inside is checked, every number finite. */
    static final class CheckedUntypedDeserializer extends JsonDeserializer<Object> {

        private final UntypedObjectDeserializer delegate = new UntypedObjectDeserializer(null, null);

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object value = delegate.deserialize(p, ctxt);
            String problem = check(value);
            if (problem != null) {
                throw InvalidJsonValue.of(p, "JSON whose text has no NUL characters or lone surrogates",
                        "it holds " + problem);
            }
            return value;
        }

        private static String check(Object value) {
            if (value instanceof String text) {
                return StoredText.problem(text) == null ? null : "a NUL character or lone surrogate";
            }
            if (value instanceof Double d && !Double.isFinite(d)) {
                return "an out-of-range number";
            }
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    String problem = check(entry.getKey());
                    if (problem == null) {
                        problem = check(entry.getValue());
                    }
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            if (value instanceof List<?> list) {
                for (Object item : list) {
                    String problem = check(item);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            return null;
        }
    }

    /** Doubles must be finite: {@code 1e400} is not a number any store or client can use. */
    static final class FiniteDoubleDeserializer extends StdScalarDeserializer<Double> {

        private final NumberDeserializers.DoubleDeserializer delegate;

        FiniteDoubleDeserializer(Class<Double> type) {
            super(type);
            this.delegate = new NumberDeserializers.DoubleDeserializer(type, type.isPrimitive() ? 0.0 : null);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Double value = delegate.deserialize(p, ctxt);
            if (value != null && !Double.isFinite(value)) {
                throw InvalidJsonValue.of(p, "a finite number", "it is out of range");
            }
            return value;
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return delegate.getNullValue(ctxt);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Float;
        }
    }

    /** ISO-8601 timestamps with a zone ({@code 2026-01-02T03:04:05Z}, {@code …+01:00}) in years 1 to 9999. */
    static final class BoundedInstantDeserializer extends StdScalarDeserializer<Instant> {

        BoundedInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw InvalidJsonValue.of(p, "an ISO-8601 timestamp string such as \"2026-01-02T03:04:05Z\"",
                        "it is not a string");
            }
            String text = p.getText().strip();
            Instant instant;
            try {
                instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeException e) {
                throw InvalidJsonValue.of(p, "an ISO-8601 timestamp with a zone such as \"2026-01-02T03:04:05Z\"",
                        "'" + abbreviate(text) + "' is not one");
            }
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw InvalidJsonValue.of(p, "a timestamp in the years 1 to 9999", "it is " + abbreviate(text));
            }
            return instant;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.DateTime;
        }
    }

    static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 57) + "..." : value;
    }
}
