package io.platewise.video.internal;

import io.platewise.core.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validated configuration of one camera, from a ConfigAdmin factory configuration or a REST
 * request. Everything is checked here so that a bad value is refused before anything changes.
 *
 * @param source        a file path, {@code file:}, {@code rtsp(s)://}, or {@code http(s)://} (MJPEG or HLS) URL
 * @param loop          whether a file starts again at its end
 * @param realtime      whether a file is played at its own frame rate (a camera) or as fast as it decodes
 * @param rtspTransport {@code tcp} or {@code udp}
 * @param analysisFps   frames per second kept for analysis; 0 keeps every frame
 * @param maxWidth      frames wider than this are scaled down (0: no cap)
 * @param maxHeight     frames higher than this are scaled down (0: no cap)
 * @param hardwareDecoding {@code auto}, {@code software} or {@code nvdec}
 */
record CameraSettings(String id, String name, String source, boolean loop, boolean realtime, String rtspTransport,
        double analysisFps, int maxWidth, int maxHeight, String hardwareDecoding, int decoderThreads) {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@]*)@");

    CameraSettings {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidInputException("Camera id must be 1-64 lower-case letters, digits or '-', was '" + id + "'");
        }
        name = name == null || name.isBlank() ? id : name.trim();
        if (source == null || source.isBlank()) {
            throw new InvalidInputException("Camera " + id + " needs a source: a file path or an rtsp://, http:// or https:// URL");
        }
        source = source.trim();
        kindOf(source);
        rtspTransport = rtspTransport == null || rtspTransport.isBlank() ? "tcp" : rtspTransport.trim().toLowerCase(Locale.ROOT);
        if (!rtspTransport.equals("tcp") && !rtspTransport.equals("udp")) {
            throw new InvalidInputException("rtspTransport must be tcp or udp, was '" + rtspTransport + "'");
        }
        if (!(analysisFps >= 0 && analysisFps <= 120)) {
            throw new InvalidInputException("analysisFps must be between 0 (every frame) and 120, was " + analysisFps);
        }
        if (maxWidth < 0 || maxHeight < 0 || maxWidth > 8192 || maxHeight > 8192 || (maxWidth > 0 && maxWidth < 16)
                || (maxHeight > 0 && maxHeight < 16)) {
            throw new InvalidInputException("maxWidth and maxHeight must be 0 (no cap) or between 16 and 8192");
        }
        hardwareDecoding = hardwareDecoding == null || hardwareDecoding.isBlank() ? "auto"
                : hardwareDecoding.trim().toLowerCase(Locale.ROOT);
        if (!hardwareDecoding.equals("auto") && !hardwareDecoding.equals("software") && !hardwareDecoding.equals("nvdec")) {
            throw new InvalidInputException("hardwareDecoding must be auto, software or nvdec, was '" + hardwareDecoding + "'");
        }
        if (decoderThreads < 0 || decoderThreads > 16) {
            throw new InvalidInputException("decoderThreads must be between 0 (FFmpeg decides) and 16, was " + decoderThreads);
        }
    }

    enum Kind { FILE, RTSP, HTTP }

    Kind kind() {
        return kindOf(source);
    }

    static Kind kindOf(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) {
            return Kind.RTSP;
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return Kind.HTTP;
        }
        if (lower.startsWith("file:")) {
            return Kind.FILE;
        }
        int colon = source.indexOf("://");
        if (colon > 0) {
            throw new InvalidInputException("Unsupported source scheme '" + source.substring(0, colon)
                    + "': use a file path, file:, rtsp://, rtsps://, http:// or https://");
        }
        if (!Path.of(source).isAbsolute()) {
            throw new InvalidInputException("A file source must be an absolute path, was '" + source + "'");
        }
        return Kind.FILE;
    }

    /** What FFmpeg opens. */
    String ffmpegInput() {
        return source.toLowerCase(Locale.ROOT).startsWith("file:") ? Path.of(URI.create(source)).toString() : source;
    }

    /** The source with any password removed, for status and logs. */
    String redactedSource() {
        return USER_INFO.matcher(source).replaceFirst(match -> {
            String userInfo = match.group(1);
            int colon = userInfo.indexOf(':');
            return "//" + (colon < 0 ? userInfo : userInfo.substring(0, colon) + ":***") + "@";
        });
    }

    static CameraSettings fromConfiguration(Dictionary<String, ?> properties) {
        Map<String, Object> map = new java.util.HashMap<>();
        for (java.util.Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            map.put(key, properties.get(key));
        }
        return fromMap(map);
    }

    static CameraSettings fromMap(Map<String, ?> map) {
        return new CameraSettings(string(map, "id", null), string(map, "name", null), string(map, "source", null),
                bool(map, "loop", false), bool(map, "realtime", true), string(map, "rtspTransport", "tcp"),
                number(map, "analysisFps", 5).doubleValue(), number(map, "maxWidth", 0).intValue(),
                number(map, "maxHeight", 0).intValue(), string(map, "hardwareDecoding", "auto"),
                number(map, "decoderThreads", 1).intValue());
    }

    Dictionary<String, Object> toConfiguration() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("id", id);
        properties.put("name", name);
        properties.put("source", source);
        properties.put("loop", loop);
        properties.put("realtime", realtime);
        properties.put("rtspTransport", rtspTransport);
        properties.put("analysisFps", analysisFps);
        properties.put("maxWidth", maxWidth);
        properties.put("maxHeight", maxHeight);
        properties.put("hardwareDecoding", hardwareDecoding);
        properties.put("decoderThreads", decoderThreads);
        return properties;
    }

    private static String string(Map<String, ?> map, String key, String fallback) {
        Object value = map.get(key);
        return value == null ? fallback : value.toString();
    }

    private static boolean bool(Map<String, ?> map, String key, boolean fallback) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new InvalidInputException(key + " must be true or false, was '" + value + "'");
    }

    private static Number number(Map<String, ?> map, String key, Number fallback) {
        Object value = map.get(key);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n;
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be a number, was '" + value + "'");
        }
    }
}
