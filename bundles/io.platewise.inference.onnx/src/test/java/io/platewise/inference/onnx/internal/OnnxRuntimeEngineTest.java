package io.platewise.inference.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.core.health.HealthStatus;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeEngineTest {

    @TempDir
    Path folder;

    private final OnnxRuntimeEngine engine = new OnnxRuntimeEngine();

    @Test
    void loadsAndRunsAModelWithDynamicBatch() throws Exception {
        Path model = Files.write(folder.resolve("relu.onnx"), OnnxModels.relu(4));
        try (InferenceSession session = engine.open(model, 1)) {
            assertArrayEquals(new long[] {-1, 4}, session.inputs().get("x"));
            assertArrayEquals(new long[] {-1, 4}, session.outputs().get("y"));
            Map<String, float[]> out = session.run(Map.of("x", new float[] {-1, 2, -3, 4, 5, -6, 7, -8}), Map.of("x", new long[] {2, 4}));
            assertArrayEquals(new float[] {0, 2, 0, 4, 5, 0, 7, 0}, out.get("y"));
            assertArrayEquals(new long[] {2, 4}, session.lastOutputShapes().get("y"));
        }
        assertEquals(HealthStatus.UP, engine.check().get(0).status());
        assertTrue(engine.status().startsWith("ONNX Runtime 1.29"), engine.status());
    }

    @Test
    void corruptAndMissingModelsAreClearErrors() throws Exception {
        Path corrupt = Files.write(folder.resolve("corrupt.onnx"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        InferenceException error = assertThrows(InferenceException.class, () -> engine.open(corrupt, 1));
        assertTrue(error.getMessage().contains("corrupt.onnx"), error.getMessage());
        assertThrows(InferenceException.class, () -> engine.open(folder.resolve("none.onnx"), 1));
    }

    @Test
    void wrongInputShapesAreClearErrors() throws Exception {
        Path model = Files.write(folder.resolve("relu.onnx"), OnnxModels.relu(4));
        try (InferenceSession session = engine.open(model, 1)) {
            assertThrows(InferenceException.class, () -> session.run(Map.of("x", new float[] {1, 2, 3}), Map.of("x", new long[] {1, 3})));
            assertThrows(InferenceException.class, () -> session.run(Map.of("x", new float[] {1, 2, 3, 4}), Map.of()));
        }
    }
}
