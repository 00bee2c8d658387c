package io.platewise.recognition.api;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs ONNX models: ONNX Runtime on the CPU by default, TensorRT on a GPU where one is usable.
 * Registered as a service with the property {@code engine.name}; the pipeline picks one per task.
 */
@ConsumerType
public interface InferenceEngine {

    /** Such as {@code onnxruntime-cpu} or {@code tensorrt}. */
    String name();

    /** Whether this engine can run models here; when not, {@link #status()} says why. */
    boolean available();

    /** In plain words, for /api/health: the engine's version and device, or why it is not available. */
    String status();

    /** Loads a model; the session is used by one pipeline thread at a time. */
    InferenceSession open(Path model, int threads) throws InferenceException;
}
