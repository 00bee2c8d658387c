package io.platewise.recognition.api;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/** A loaded model. */
@ConsumerType
public interface InferenceSession extends AutoCloseable {

    /** Input and output names with their shapes (-1 for a dynamic dimension). */
    Map<String, long[]> inputs();

    Map<String, long[]> outputs();

    /**
     * Runs the model on float32 inputs.
     *
     * @param inputs name to data, with the shape given in {@code shapes}
     * @return output name to data, in the order of {@link #outputs()}
     */
    Map<String, float[]> run(Map<String, float[]> inputs, Map<String, long[]> shapes) throws InferenceException;

    /** The shapes of the last outputs of {@link #run}, for dynamic dimensions. */
    Map<String, long[]> lastOutputShapes();

    @Override
    void close();

    /** Convenience for one-input models. */
    default List<float[]> runSingle(String input, float[] data, long[] shape) throws InferenceException {
        return List.copyOf(run(Map.of(input, data), Map.of(input, shape)).values());
    }
}
