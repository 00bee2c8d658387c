package io.platewise.models.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platewise.core.InvalidInputException;
import io.platewise.models.ModelDescriptor;
import io.platewise.models.ModelDescriptor.FileEntry;
import io.platewise.models.ModelDescriptor.TensorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code descriptor.json} and checks it, and the files it lists, before anything is installed. */
final class DescriptorChecks {

    static final String DESCRIPTOR = "descriptor.json";
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]{0,31}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DescriptorChecks() {
    }

    static ModelDescriptor read(Path folder) {
        Path file = folder.resolve(DESCRIPTOR);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("The package has no " + DESCRIPTOR + " at its root");
        }
        ModelDescriptor descriptor;
        try {
            descriptor = JSON.readValue(file.toFile(), ModelDescriptor.class);
        } catch (IOException e) {
            throw new InvalidInputException(DESCRIPTOR + " is not valid: " + e.getMessage().split("\n")[0]);
        }
        check(descriptor);
        return descriptor;
    }

    static void check(ModelDescriptor d) {
        require(d.formatVersion() == 1, "formatVersion must be 1, was " + d.formatVersion());
        require(d.name() != null && NAME.matcher(d.name()).matches(),
                "name must be 1-64 lower-case letters, digits, '.', '_' or '-', was '" + d.name() + "'");
        require(d.version() != null && VERSION.matcher(d.version()).matches(), "version must look like 1.2.0, was '" + d.version() + "'");
        require(ModelDescriptor.TASKS.contains(d.task()), "task must be one of " + ModelDescriptor.TASKS + ", was '" + d.task() + "'");
        require(d.files() != null && !d.files().isEmpty(), "files must list the package's files");
        long models = d.files().stream().filter(f -> "model".equals(f.role())).count();
        require(models == 1, "files must name exactly one file with role 'model' (the ONNX file), found " + models);
        Set<String> paths = new HashSet<>();
        for (FileEntry file : d.files()) {
            require(file.path() != null && !file.path().isBlank() && !file.path().equals(DESCRIPTOR), "every file needs a path");
            require(paths.add(file.path()), "file " + file.path() + " is listed twice");
            require(file.sha256() != null && SHA256.matcher(file.sha256()).matches(),
                    "file " + file.path() + " needs its sha256 as 64 lower-case hex digits");
        }
        require(d.modelFile().path().endsWith(".onnx"), "the model file must be an .onnx file, was " + d.modelFile().path());
        require(d.inputs() != null && !d.inputs().isEmpty() && d.outputs() != null && !d.outputs().isEmpty(),
                "inputs and outputs must describe the model's tensors");
        for (TensorSpec tensor : concat(d)) {
            require(tensor.name() != null && !tensor.name().isBlank() && tensor.shape() != null && !tensor.shape().isEmpty(),
                    "every input and output needs a name and a shape");
        }
        if ("plate-reader".equals(d.task())) {
            require(d.charset() != null && !d.charset().isEmpty(), "a plate-reader needs its charset");
        }
        if (d.preprocessing() != null) {
            // The pipeline computes (v/255 - mean) / std with them: refused here rather than when a task starts.
            Object mean = d.preprocessing().get("mean");
            Object std = d.preprocessing().get("std");
            require(mean == null || mean instanceof Number n && Double.isFinite(n.doubleValue()),
                    "preprocessing.mean must be a number, was " + mean);
            require(std == null || std instanceof Number n && n.doubleValue() > 0 && Double.isFinite(n.doubleValue()),
                    "preprocessing.std must be a number above 0, was " + std);
        }
        if (d.tensorrtPlans() != null) {
            for (ModelDescriptor.TensorRtPlan plan : d.tensorrtPlans()) {
                require(paths.contains(plan.path()), "TensorRT plan " + plan.path() + " must also be listed in files");
            }
        }
    }

    private static Iterable<TensorSpec> concat(ModelDescriptor d) {
        java.util.List<TensorSpec> all = new java.util.ArrayList<>(d.inputs());
        all.addAll(d.outputs());
        return all;
    }

    /** Every unpacked file is listed, every listed file is there with its size and checksum. */
    static void checkFiles(ModelDescriptor descriptor, Path folder, Map<String, Long> unpacked) throws IOException {
        Set<String> listed = new HashSet<>();
        for (FileEntry file : descriptor.files()) {
            listed.add(file.path());
            Long size = unpacked.get(file.path());
            require(size != null, "descriptor.json lists " + file.path() + ", which is not in the package");
            require(file.size() <= 0 || file.size() == size, "file " + file.path() + " has " + size + " bytes, descriptor says " + file.size());
            String actual = sha256(folder.resolve(file.path()));
            require(actual.equals(file.sha256()), "checksum mismatch for " + file.path() + ": descriptor says " + file.sha256()
                    + ", the file has " + actual);
        }
        for (String path : unpacked.keySet()) {
            require(path.equals(DESCRIPTOR) || listed.contains(path), "the package holds " + path + ", which descriptor.json does not list");
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidInputException("Invalid model package: " + message);
        }
    }
}
