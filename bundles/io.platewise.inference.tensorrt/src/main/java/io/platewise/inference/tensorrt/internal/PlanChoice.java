package io.platewise.inference.tensorrt.internal;

import java.nio.file.Path;
import java.util.List;

/** How a model will run: which plan TensorRT loads, or that it runs on ONNX Runtime and why. */
sealed interface PlanChoice {

    /** What was considered and passed over before this choice, in order, for health and logs. */
    List<String> passedOver();

    /** The package's own plan, made for this GPU architecture and TensorRT version. */
    record Prebuilt(Path plan, List<String> passedOver) implements PlanChoice {
    }

    /** A plan built here earlier from the same ONNX file with the same settings. */
    record Cached(Path plan, List<String> passedOver) implements PlanChoice {
    }

    /** No usable plan yet: build one from the ONNX file and keep it at {@code target}. */
    record Build(Path target, List<String> passedOver) implements PlanChoice {
    }

    /** TensorRT cannot run the model here; ONNX Runtime will. */
    record Fallback(String reason, List<String> passedOver) implements PlanChoice {
    }
}
