package dev.corvid.platform.rest;

import dev.corvid.platform.api.text.StoredText;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Locale;
import java.util.function.Function;

/**
 * Path, query and header parameters of every resource, read strictly: a value that is not of the parameter's type
 * ({@code limit=abc}, {@code pageSize=18446744073709551616}, {@code digest=yes}) is a 400 naming the parameter, not
 * JAX-RS' 404, and text carries no NUL or lone surrogate (the same rule as request bodies,
 * {@link StoredText}).
 */
@Provider
public class TypedParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = name(annotations);
        if (name == null) {
            return null;
        }
        if (rawType == String.class) {
            return (ParamConverter<T>) new Strict<>(name, "text", value -> {
                String problem = StoredText.problem(value);
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
                return value;
            });
        }
        if (rawType == int.class || rawType == Integer.class) {
            return (ParamConverter<T>) new Strict<>(name, "an integer", v -> Integer.valueOf(v.strip()));
        }
        if (rawType == long.class || rawType == Long.class) {
            return (ParamConverter<T>) new Strict<>(name, "an integer", v -> Long.valueOf(v.strip()));
        }
        if (rawType == boolean.class || rawType == Boolean.class) {
            return (ParamConverter<T>) new Strict<>(name, "true or false", TypedParameters::bool);
        }
        if (rawType == double.class || rawType == Double.class) {
            return (ParamConverter<T>) new Strict<>(name, "a finite number", v -> {
                double d = Double.parseDouble(v.strip());
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("out of range");
                }
                return d;
            });
        }
        return null;
    }

    private static Boolean bool(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    private static String name(Annotation[] annotations) {
        if (annotations == null) {
            return null;
        }
        for (Annotation annotation : annotations) {
            if (annotation instanceof QueryParam q) {
                return "Query parameter '" + q.value() + "'";
            }
            if (annotation instanceof PathParam p) {
                return "Path parameter '" + p.value() + "'";
            }
            if (annotation instanceof HeaderParam h) {
                return "Header '" + h.value() + "'";
            }
            if (annotation instanceof CookieParam c) {
                return "Cookie '" + c.value() + "'";
            }
        }
        return null;
    }

    /** Parses with {@code parse}; any failure is a 400 that names the parameter and shows the value. */
    private record Strict<T>(String name, String expected, Function<String, T> parse) implements ParamConverter<T> {

        @Override
        public T fromString(String value) {
            if (value == null) {
                return null;
            }
            try {
                return parse.apply(value);
            } catch (RuntimeException e) {
                String shown = value.length() > 60 ? value.substring(0, 57) + "..." : value;
                String problem = StoredText.problem(value);
                throw new BadRequestException(problem != null ? name + " " + problem + "."
                        : name + " must be " + expected + ", got '" + shown + "'.");
            }
        }

        @Override
        public String toString(T value) {
            return String.valueOf(value);
        }
    }
}
