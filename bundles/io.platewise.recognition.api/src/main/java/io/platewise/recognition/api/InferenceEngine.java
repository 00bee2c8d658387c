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

    /**
     * Loads an installed model, with what its package ships for this engine (TensorRT plans, say).
     * Engines that need nothing beyond the ONNX file keep this default.
     */
    default InferenceSession open(ModelSource model, int threads) throws InferenceException {
        return open(model.onnx(), threads);
    }

    /**
     * How many frames one call should take when several cameras share a model: 1 where batching does
     * not pay (ONNX Runtime on a CPU runs a batch of 8 no faster per frame than one frame), more on a GPU.
     */
    default int preferredBatchSize() {
        return 1;
    }
}
