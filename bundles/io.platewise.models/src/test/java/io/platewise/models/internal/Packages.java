package io.platewise.models.internal;

import io.platewise.inference.onnx.internal.OnnxModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds model packages for tests: good ones, and every kind of hostile one. */
final class Packages {

    private Packages() {
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String descriptor(String name, byte[] model, String outputShape) {
        return """
                {"formatVersion": 1, "name": "%s", "version": "1.0.0", "task": "plate-reader", "description": "test reader",
                 "files": [{"path": "model.onnx", "sha256": "%s", "size": %d, "role": "model"}],
                 "inputs": [{"name": "x", "shape": [-1, 4], "type": "float32"}],
                 "outputs": [{"name": "y", "shape": %s, "type": "float32"}],
                 "preprocessing": {"height": 1, "width": 4}, "charset": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                 "metrics": {}, "lineage": {"datasets": [{"name": "synthetic", "licence": "own"}]}, "tensorrtPlans": []}
                """.formatted(name, sha256(model), model.length, outputShape);
    }

    static byte[] good(String name) throws IOException {
        byte[] model = OnnxModels.relu(4);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("descriptor.json", descriptor(name, model, "[-1, 4]").getBytes(StandardCharsets.UTF_8));
        files.put("model.onnx", model);
        return tar(files);
    }

    static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A good package plus one special entry (a link, a device, a path that escapes). */
    static byte[] withEntry(String name, TarArchiveEntry special, byte[] content) throws IOException {
        byte[] model = OnnxModels.relu(4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            write(tar, "descriptor.json", descriptor(name, model, "[-1, 4]").getBytes(StandardCharsets.UTF_8));
            write(tar, "model.onnx", model);
            if (content != null) {
                special.setSize(content.length);
            }
            tar.putArchiveEntry(special);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static TarArchiveEntry link(String name, String target, boolean symbolic) {
        TarArchiveEntry entry = new TarArchiveEntry(name, symbolic ? TarConstants.LF_SYMLINK : TarConstants.LF_LINK);
        entry.setLinkName(target);
        return entry;
    }

    static TarArchiveEntry device(String name) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_CHR);
        entry.setDevMajor(1);
        entry.setDevMinor(3);
        return entry;
    }

    /** A small gzip that unpacks to {@code megabytes} of zeros. */
    static byte[] bomb(String name, int megabytes) throws IOException {
        byte[] model = OnnxModels.relu(4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            write(tar, "descriptor.json", descriptor(name, model, "[-1, 4]").getBytes(StandardCharsets.UTF_8));
            write(tar, "model.onnx", model);
            TarArchiveEntry zeros = new TarArchiveEntry("zeros.bin");
            zeros.setSize((long) megabytes * 1024 * 1024);
            tar.putArchiveEntry(zeros);
            byte[] block = new byte[1024 * 1024];
            for (int i = 0; i < megabytes; i++) {
                tar.write(block);
            }
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static void write(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
