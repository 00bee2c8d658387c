package io.platewise.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher's own settings ({@code platewise.*}): from {@code config/platewise.properties},
 * overridden by environment variables ({@code platewise.http.port} from {@code PLATEWISE_HTTP_PORT})
 * and then by {@code -D} system properties. {@code ${name}} refers to another setting.
 */
final class Settings {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9._-]+)}");
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    static Settings load(Path home, Map<String, String> environment, Properties system) throws IOException {
        Map<String, String> raw = new TreeMap<>();
        raw.put("platewise.home", home.toString());
        Path file = home.resolve("config").resolve("platewise.properties");
        if (Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(name -> raw.put(name, properties.getProperty(name).trim()));
        }
        for (String name : raw.keySet().toArray(String[]::new)) {
            String fromEnvironment = environment.get(name.toUpperCase(Locale.ROOT).replace('.', '_'));
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                raw.put(name, fromEnvironment.trim());
            }
        }
        system.stringPropertyNames().stream().filter(name -> name.startsWith("platewise."))
                .forEach(name -> raw.put(name, system.getProperty(name)));
        raw.put("platewise.home", home.toString());
        Map<String, String> resolved = new TreeMap<>();
        for (String name : raw.keySet()) {
            resolved.put(name, resolve(name, raw, 0));
        }
        return new Settings(resolved);
    }

    private static String resolve(String name, Map<String, String> raw, int depth) {
        if (depth > 10) {
            throw new IllegalArgumentException("Setting " + name + " refers to itself");
        }
        String value = raw.get(name);
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String other = matcher.group(1);
            if (!raw.containsKey(other)) {
                throw new IllegalArgumentException("Setting " + name + " refers to unknown setting " + other);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(resolve(other, raw, depth + 1)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    String get(String name, String fallback) {
        String value = values.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    int getInt(String name, int fallback) {
        String value = get(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + name + " must be a whole number, was '" + value + "'");
        }
    }

    Map<String, String> all() {
        return Map.copyOf(values);
    }
}
