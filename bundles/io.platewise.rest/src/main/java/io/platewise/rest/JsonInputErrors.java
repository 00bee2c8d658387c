package io.platewise.rest;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jackson's complaints about a JSON request, said the way a caller needs them: which field, what it
 * must be and what it was ({@code detectionThreshold must be a number, not "high"}), instead of
 * Jackson's own words, which name Java types such as {@code java.util.ArrayList<java.lang.Float>}.
 */
public final class JsonInputErrors {

    /** A path that leads nowhere in the input: there is no value to quote. */
    private static final Object MISSING = new Object();

    private JsonInputErrors() {
    }

    /**
     * @param error what Jackson threw while reading a request
     * @param input the request as read into maps and lists, to quote the wrong value from; null when
     *              only the stream was read
     * @return one sentence without Java type names
     */
    public static String describe(JsonMappingException error, Object input) {
        String field = path(error.getPath());
        if (error instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds();
            return "Unknown field '" + field + "'" + (known == null || known.isEmpty() ? ""
                    : "; known fields: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        }
        if (error instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null && !field.isEmpty()) {
            Object value = valueAt(input, error.getPath());
            return field + " must be " + expected(mismatched.getTargetType()) + (value == MISSING ? "" : ", not " + quoted(value));
        }
        String message = error.getOriginalMessage();
        return (field.isEmpty() ? "" : field + ": ") + (message == null ? "cannot be read" : message.split("\n")[0]);
    }

    private static String path(List<JsonMappingException.Reference> path) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                text.append(text.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                text.append('[').append(step.getIndex()).append(']');
            }
        }
        return text.toString();
    }

    private static Object valueAt(Object input, List<JsonMappingException.Reference> path) {
        Object current = input;
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null && current instanceof Map<?, ?> map && map.containsKey(step.getFieldName())) {
                current = map.get(step.getFieldName());
            } else if (step.getFieldName() == null && current instanceof List<?> list && step.getIndex() >= 0 && step.getIndex() < list.size()) {
                current = list.get(step.getIndex());
            } else {
                return MISSING;
            }
        }
        return current;
    }

    private static String expected(Class<?> type) {
        if (type == float.class || type == double.class || type == Float.class || type == Double.class
                || type == java.math.BigDecimal.class) {
            return "a number";
        }
        if (type == int.class || type == long.class || type == short.class || type == Integer.class || type == Long.class
                || type == Short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        return "an object of its own shape (see /api/openapi.json)";
    }

    private static String quoted(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return String.valueOf(value);
    }
}
