package io.platewise.rest.internal;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import io.platewise.rest.ParameterDoc;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds an OpenAPI 3.0 document from the Jakarta REST annotations of resource classes: paths,
 * methods, parameters, JSON bodies (records become schemas) and, as {@code x-roles}, the roles
 * each call needs. Written for our resources' conventions rather than taken from swagger-core,
 * whose OSGi bundles require JAXB 3 beside Jersey's JAXB 4.
 */
final class OpenApiGenerator {

    private final Map<String, Object> schemas = new TreeMap<>();

    Map<String, Object> generate(Collection<Class<?>> resources, Map<String, Object> info) {
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        List<Class<?>> sorted = new ArrayList<>(resources);
        sorted.sort(Comparator.comparing(Class::getName));
        for (Class<?> resource : sorted) {
            Path base = resource.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            Method[] methods = resource.getMethods();
            Arrays.sort(methods, Comparator.comparing(Method::getName));
            for (Method method : methods) {
                String verb = httpMethod(method);
                if (verb == null || Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = join(base.value(), sub == null ? "" : sub.value());
                paths.computeIfAbsent(path, p -> new TreeMap<>()).put(verb.toLowerCase(Locale.ROOT), operation(resource, method));
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.0.3");
        document.put("info", info);
        document.put("servers", List.of(Map.of("url", "/api")));
        document.put("security", List.of(Map.of("basic", List.of()), Map.of("bearer", List.of())));
        document.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("securitySchemes", Map.of(
                "basic", Map.of("type", "http", "scheme", "basic"),
                "bearer", Map.of("type", "http", "scheme", "bearer", "description", "An API token from POST /tokens")));
        components.put("schemas", schemas);
        document.put("components", components);
        return document;
    }

    private Map<String, Object> operation(Class<?> resource, Method method) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", resource.getSimpleName().replace("Resource", "") + "_" + method.getName());
        operation.put("tags", List.of(resource.getSimpleName().replace("Resource", "")));
        List<Map<String, Object>> parameters = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            if (parameter.isAnnotationPresent(Context.class)) {
                continue;
            }
            PathParam pathParam = parameter.getAnnotation(PathParam.class);
            QueryParam queryParam = parameter.getAnnotation(QueryParam.class);
            HeaderParam headerParam = parameter.getAnnotation(HeaderParam.class);
            if (pathParam != null) {
                parameters.add(parameter(pathParam.value(), "path", true, parameter));
            } else if (queryParam != null) {
                parameters.add(parameter(queryParam.value(), "query", false, parameter));
            } else if (headerParam != null) {
                parameters.add(parameter(headerParam.value(), "header", false, parameter));
            } else if (!hasJaxRsAnnotation(parameter)) {
                operation.put("requestBody", Map.of("required", true, "content", body(parameter, method, resource)));
            }
        }
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        String produces = firstMediaType(method.getAnnotation(Produces.class), resource.getAnnotation(Produces.class));
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("description", "Success");
        Type returned = method.getGenericReturnType();
        if (returned != void.class && returned != jakarta.ws.rs.core.Response.class) {
            ok.put("content", Map.of(produces, Map.of("schema", schema(returned))));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(returned == void.class ? "204" : "200", ok);
        responses.put("default", Map.of("description", "Error", "content",
                Map.of(MediaType.APPLICATION_JSON, Map.of("schema", schema(io.platewise.rest.ApiError.class)))));
        operation.put("responses", responses);
        if (method.isAnnotationPresent(PermitAll.class)) {
            operation.put("security", List.of());
            operation.put("x-roles", List.of());
        } else {
            RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
                    : resource.getAnnotation(RolesAllowed.class);
            if (roles != null) {
                operation.put("x-roles", List.of(roles.value()));
                operation.put("description", "Needs role " + String.join(" or ", roles.value()) + " (admin may do everything).");
            }
        }
        return operation;
    }

    private Map<String, Object> parameter(String name, String in, boolean required, Parameter parameter) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", name);
        description.put("in", in);
        description.put("required", required);
        Map<String, Object> schema = new LinkedHashMap<>(schema(parameter.getParameterizedType()));
        DefaultValue defaultValue = parameter.getAnnotation(DefaultValue.class);
        if (defaultValue != null) {
            schema.put("default", typedDefault(schema.get("type"), defaultValue.value()));
        }
        ParameterDoc doc = parameter.getAnnotation(ParameterDoc.class);
        if (doc != null) {
            if (!doc.value().isEmpty()) {
                description.put("description", doc.value());
            }
            if (doc.allowed().length > 0) {
                schema.put("enum", List.of(doc.allowed()));
            }
            if (!doc.format().isEmpty()) {
                schema.put("format", doc.format());
            }
        }
        description.put("schema", schema);
        return description;
    }

    /** A default as its schema's type has it (50, not "50"); one that does not parse stays the text Jakarta REST has. */
    private static Object typedDefault(Object type, String value) {
        try {
            return switch (String.valueOf(type)) {
                case "integer" -> Long.parseLong(value);
                case "number" -> Double.parseDouble(value);
                case "boolean" -> switch (value) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> value;
                };
                default -> value;
            };
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** The schema of a Java type; records and other beans are described once under components/schemas. */
    Map<String, Object> schema(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schema(arguments[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", schema(arguments[1]));
            }
            if (java.util.Optional.class.equals(raw)) {
                return schema(arguments[0]);
            }
            return schema(raw);
        }
        if (!(type instanceof Class<?> clazz)) {
            return Map.of();
        }
        if (clazz == String.class || clazz == char.class || clazz == Character.class || clazz == UUID.class) {
            return Map.of("type", "string");
        }
        if (clazz == boolean.class || clazz == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (clazz == int.class || clazz == Integer.class || clazz == short.class || clazz == Short.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (clazz == long.class || clazz == Long.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (clazz == double.class || clazz == Double.class || clazz == float.class || clazz == Float.class) {
            return Map.of("type", "number");
        }
        if (clazz == Instant.class || clazz == OffsetDateTime.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (clazz == LocalDate.class) {
            return Map.of("type", "string", "format", "date");
        }
        if (clazz.isEnum()) {
            return Map.of("type", "string", "enum", Arrays.stream(clazz.getEnumConstants()).map(String::valueOf).toList());
        }
        if (clazz.isArray()) {
            return clazz == byte[].class ? Map.of("type", "string", "format", "byte")
                    : Map.of("type", "array", "items", schema(clazz.getComponentType()));
        }
        if (Collection.class.isAssignableFrom(clazz)) {
            return Map.of("type", "array", "items", Map.of());
        }
        if (Map.class.isAssignableFrom(clazz) || clazz == Object.class || clazz.getName().startsWith("java.")) {
            return Map.of("type", "object");
        }
        String name = clazz.getSimpleName();
        if (!schemas.containsKey(name)) {
            schemas.put(name, Map.of()); // placeholder against recursion
            Map<String, Object> properties = new LinkedHashMap<>();
            if (clazz.isRecord()) {
                for (RecordComponent component : clazz.getRecordComponents()) {
                    properties.put(component.getName(), schema(component.getGenericType()));
                }
            }
            schemas.put(name, Map.of("type", "object", "properties", properties));
        }
        return Map.of("$ref", "#/components/schemas/" + name);
    }

    private static boolean hasJaxRsAnnotation(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            if (annotation.annotationType().getPackageName().startsWith("jakarta.ws.rs")) {
                return true;
            }
        }
        return false;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod httpMethod = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (httpMethod != null) {
                return httpMethod.value();
            }
        }
        return null;
    }

    /**
     * A request body's content: JSON as its type's schema; a body read as a stream (an upload: a model
     * package, a picture) as bytes, under each media type the method takes.
     */
    private Map<String, Object> body(Parameter parameter, Method method, Class<?> resource) {
        if (!InputStream.class.isAssignableFrom(parameter.getType())) {
            String mediaType = firstMediaType(method.getAnnotation(Consumes.class), resource.getAnnotation(Consumes.class));
            return Map.of(mediaType, Map.of("schema", schema(parameter.getParameterizedType())));
        }
        Consumes consumes = method.getAnnotation(Consumes.class) != null ? method.getAnnotation(Consumes.class)
                : resource.getAnnotation(Consumes.class);
        Map<String, Object> content = new LinkedHashMap<>();
        for (String mediaType : consumes == null ? new String[] {MediaType.APPLICATION_OCTET_STREAM} : consumes.value()) {
            content.put(mediaType, Map.of("schema", Map.of("type", "string", "format", "binary")));
        }
        return content;
    }

    private static String firstMediaType(Annotation onMethod, Annotation onClass) {
        String[] values = null;
        if (onMethod instanceof Produces p) {
            values = p.value();
        } else if (onMethod instanceof Consumes c) {
            values = c.value();
        } else if (onClass instanceof Produces p) {
            values = p.value();
        } else if (onClass instanceof Consumes c) {
            values = c.value();
        }
        return values == null || values.length == 0 ? MediaType.APPLICATION_JSON : values[0];
    }

    static String join(String base, String sub) {
        String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
