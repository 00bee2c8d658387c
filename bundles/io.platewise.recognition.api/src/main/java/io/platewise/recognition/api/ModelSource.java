package io.platewise.recognition.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What an engine loads: the ONNX file of an installed model and whatever its package ships for
 * particular engines, such as prebuilt TensorRT plans.
 *
 * @param name           the model's name on this host, for messages and health
 * @param onnx           the ONNX file
 * @param onnxSha256     its SHA-256 (hex) as the package descriptor records it; engines key caches by it
 * @param prebuiltPlans  TensorRT plans shipped with the model, possibly none
 */
public record ModelSource(String name, Path onnx, String onnxSha256, List<PrebuiltPlan> prebuiltPlans) {

    public ModelSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(onnx, "onnx");
        prebuiltPlans = prebuiltPlans == null ? List.of() : List.copyOf(prebuiltPlans);
    }

    /** A model known only by its file (tools, tests): named after the file, with no plans. */
    public static ModelSource ofFile(Path onnx) {
        return new ModelSource(String.valueOf(onnx.getFileName()), onnx, null, List.of());
    }

    /**
     * A serialized TensorRT engine built for one GPU architecture and TensorRT version.
     *
     * @param gpuArchitecture  such as {@code sm_90}
     * @param tensorrtVersion  such as {@code 10.15.1}, or {@code 10.15} for any patch release of it
     * @param sha256           the plan file's SHA-256 (hex), or null when the descriptor gives none
     */
    public record PrebuiltPlan(Path file, String gpuArchitecture, String tensorrtVersion, String sha256) {
    }
}
