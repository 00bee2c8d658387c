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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    @Test
    void runsAfterTheFirstWriteIntoKeptOutputsAndStillGiveEachRunItsOwnResult() throws Exception {
        Path model = Files.write(folder.resolve("relu.onnx"), OnnxModels.relu(4));
        try (InferenceSession session = engine.open(model, 1)) {
            List<float[]> earlier = new ArrayList<>();
            // Batches of 1 to 6 rows, twice over: more input shapes than a run keeps output sets for.
            for (int run = 0; run < 12; run++) {
                int rows = run % 6 + 1;
                float[] input = new float[rows * 4];
                for (int i = 0; i < input.length; i++) {
                    input[i] = (i % 2 == 0 ? -1 : 1) * (run * 100 + i);
                }
                float[] output = session.run(Map.of("x", input), Map.of("x", new long[] {rows, 4})).get("y");
                assertArrayEquals(relu(input), output, "run " + run);
                assertArrayEquals(new long[] {rows, 4}, session.lastOutputShapes().get("y"));
                earlier.add(output);
            }
            // A later run must not have written into the arrays an earlier one returned.
            assertEquals(1f, earlier.get(0)[1]);
            assertEquals(1101f, earlier.get(11)[1]);
        }
    }

    @Test
    void concurrentRunsOnOneSessionGetTheirOwnResults() throws Exception {
        Path model = Files.write(folder.resolve("relu.onnx"), OnnxModels.relu(4));
        try (InferenceSession session = engine.open(model, 1)) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> checks = new ArrayList<>();
                for (int task = 0; task < 4; task++) {
                    int seed = task;
                    checks.add(threads.submit(() -> {
                        for (int run = 0; run < 200; run++) {
                            float[] input = new float[8];
                            for (int i = 0; i < input.length; i++) {
                                input[i] = (i % 3 == 0 ? -1 : 1) * (seed * 10_000 + run * 10 + i);
                            }
                            float[] output = session.run(Map.of("x", input), Map.of("x", new long[] {2, 4})).get("y");
                            if (!Arrays.equals(relu(input), output)) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> check : checks) {
                    assertTrue(check.get(60, TimeUnit.SECONDS));
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private static float[] relu(float[] input) {
        float[] output = new float[input.length];
        for (int i = 0; i < input.length; i++) {
            output[i] = Math.max(0, input[i]);
        }
        return output;
    }
}
