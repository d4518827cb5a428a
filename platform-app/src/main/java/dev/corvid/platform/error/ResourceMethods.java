package dev.corvid.platform.error;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which HTTP methods the REST resources accept on a path, for the {@code Allow} header of a 405 (Quarkus REST
 * reports none). Built once, lazily, from the resource beans' {@code @Path} templates.
 */
@Singleton
class ResourceMethods {

    private static final Pattern PARAMETER = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");

    private record Route(Pattern path, String method) {
    }

    private final BeanManager beans;
    private volatile List<Route> routes;

    ResourceMethods(BeanManager beans) {
        this.beans = beans;
    }

    /** The detail of a 404 for a request no resource serves. */
    static String noResource(String method, String path) {
        return "No resource at " + method + " " + path + ".";
    }

    /** The detail of a 405, naming the methods the path does accept. */
    String notAllowed(String method, String path) {
        return "Method " + method + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed(path))
                + ".";
    }

    /** The methods some resource accepts on this path, sorted; HEAD wherever GET is. Empty if no path matches. */
    Set<String> allowed(String path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes()) {
            if (route.path().matcher(path).matches()) {
                allowed.add(route.method());
                if (route.method().equals("GET")) {
                    allowed.add("HEAD");
                }
            }
        }
        return allowed;
    }

    private List<Route> routes() {
        List<Route> result = routes;
        if (result == null) {
            result = new ArrayList<>();
            for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
                Path classPath = bean.getBeanClass().getAnnotation(Path.class);
                if (classPath == null) {
                    continue;
                }
                for (Method method : bean.getBeanClass().getMethods()) {
                    String httpMethod = httpMethod(method);
                    if (httpMethod != null) {
                        Path methodPath = method.getAnnotation(Path.class);
                        result.add(new Route(compile(join(classPath.value(),
                                methodPath == null ? "" : methodPath.value())), httpMethod));
                    }
                }
            }
            routes = List.copyOf(result);
        }
        return result;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String base, String sub) {
        String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** A JAX-RS path template as a regex: {@code {id}} is one segment, {@code {id: re}} is {@code re}. */
    static Pattern compile(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PARAMETER.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append('(').append(m.group(2) == null ? "[^/]+" : m.group(2).strip()).append(')');
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append("/?");
        return Pattern.compile(regex.toString());
    }
}
