package io.platewise.models;

import java.util.List;
import java.util.Map;

/**
 * {@code descriptor.json} of a model package (JSON Schema: {@code descriptor.schema.json} in this
 * bundle and in the README).
 *
 * @param formatVersion  1
 * @param name           unique on a host: lower-case letters, digits, '-', '_', '.'
 * @param version        the model's own version, such as {@code 1.4.0}
 * @param task           {@code plate-detector} or {@code plate-reader}
 * @param files          every file of the package but the descriptor, with its SHA-256
 * @param inputs         the ONNX model's inputs; -1 for a dynamic dimension
 * @param outputs        the ONNX model's outputs; -1 for a dynamic dimension
 * @param preprocessing  how frames or crops become the input tensor (free-form, read by the pipeline)
 * @param charset        for readers: the characters of the output classes, in order (index 0 is the CTC blank)
 * @param metrics        measured quality, such as {@code {"openalpr-us.accuracy": 0.93}}
 * @param lineage        where the model came from: data sets with licences, training code, teacher models
 * @param tensorrtPlans  optional prebuilt TensorRT engines for given GPU architectures
 */
public record ModelDescriptor(int formatVersion, String name, String version, String task, String description,
        List<FileEntry> files, List<TensorSpec> inputs, List<TensorSpec> outputs, Map<String, Object> preprocessing,
        String charset, Map<String, Object> metrics, Map<String, Object> lineage, List<TensorRtPlan> tensorrtPlans) {

    /** A file of the package. {@code role} is {@code model} for the ONNX file the engine loads. */
    public record FileEntry(String path, String sha256, long size, String role) {
    }

    public record TensorSpec(String name, List<Long> shape, String type) {
    }

    /** A TensorRT plan built for one GPU architecture (such as {@code sm_90}) and TensorRT version. */
    public record TensorRtPlan(String path, String gpuArchitecture, String tensorrtVersion, String sha256) {
    }

    public static final List<String> TASKS = List.of("plate-detector", "plate-reader");

    /** The ONNX file the engine loads. */
    public FileEntry modelFile() {
        return files.stream().filter(f -> "model".equals(f.role())).findFirst().orElseThrow();
    }
}
