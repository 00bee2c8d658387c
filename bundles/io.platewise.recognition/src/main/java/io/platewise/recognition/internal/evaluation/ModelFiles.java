package io.platewise.recognition.internal.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import io.platewise.recognition.internal.detection.DetectorInput;
import io.platewise.recognition.internal.detection.PlateDetector;
import io.platewise.recognition.internal.reading.PlateReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A model for the command line tools: a model package (.tar, unpacked into a temporary folder), an
 * installed model's folder (with descriptor.json), or a bare .onnx file (no descriptor).
 */
record ModelFiles(Path onnx, JsonNode descriptor) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ModelFiles resolve(Path model) throws IOException {
        if (Files.isRegularFile(model) && model.getFileName().toString().endsWith(".tar")) {
            return resolve(unpack(model));
        }
        if (Files.isRegularFile(model)) {
            return new ModelFiles(model, JSON.createObjectNode());
        }
        Path descriptorFile = model.resolve("descriptor.json");
        if (!Files.isRegularFile(descriptorFile)) {
            throw new IllegalArgumentException(model + " is neither a model package (.tar), a model folder with descriptor.json, nor an .onnx file");
        }
        JsonNode descriptor = JSON.readTree(descriptorFile.toFile());
        for (JsonNode file : descriptor.path("files")) {
            if ("model".equals(file.path("role").asText())) {
                return new ModelFiles(model.resolve(file.path("path").asText()), descriptor);
            }
        }
        throw new IllegalArgumentException("descriptor.json of " + model + " names no file with role 'model'");
    }

    /** Only plain files directly named in the package; the registry does the full safety checks, this is a local tool. */
    private static Path unpack(Path tar) throws IOException {
        Path folder = Files.createTempDirectory("platewise-model-");
        folder.toFile().deleteOnExit();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream entries = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                Path target = folder.resolve(entry.getName()).normalize();
                if (!entry.isFile() || !target.startsWith(folder)) {
                    throw new IOException("Unexpected entry '" + entry.getName() + "' in " + tar);
                }
                Files.createDirectories(target.getParent());
                Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                target.toFile().deleteOnExit();
            }
        }
        return folder;
    }

    /** The detector stage on this model, its session with one thread; a bare .onnx runs at the size its input declares. */
    PlateDetector openDetector(InferenceEngine engine) throws InferenceException {
        InferenceSession session = engine.open(onnx, 1);
        int[] declared = PlateDetector.declaredInput(session);
        try {
            JsonNode pre = descriptor.path("preprocessing");
            return new PlateDetector(session, preprocessing("width", declared[0]), preprocessing("height", declared[1]),
                    preprocessing("stride", 4), new DetectorInput.Normalisation((float) pre.path("mean").asDouble(0),
                            (float) pre.path("std").asDouble(1)));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The reader stage on this model, its session with one thread; a bare .onnx is taken as 128x32 over 0-9A-Z. */
    PlateReader openReader(InferenceEngine engine) throws InferenceException {
        return new PlateReader(engine.open(onnx, 1), charset(ReaderEvaluation.DEFAULT_CHARSET), preprocessing("width", 128),
                preprocessing("height", 32));
    }

    /** Such as {@code platewise-detector-int8 0.2.0}; a bare .onnx file by its file name. */
    String label() {
        return descriptor.has("name") ? descriptor.path("name").asText() + " " + descriptor.path("version").asText() : onnx.getFileName().toString();
    }

    int preprocessing(String key, int fallback) {
        return descriptor.path("preprocessing").path(key).asInt(fallback);
    }

    String charset(String fallback) {
        return descriptor.path("charset").asText(fallback);
    }
}
