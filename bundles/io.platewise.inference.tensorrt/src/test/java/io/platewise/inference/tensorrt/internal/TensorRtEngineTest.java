package io.platewise.inference.tensorrt.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthStatus;
import io.platewise.inference.onnx.internal.OnnxModels;
import io.platewise.inference.onnx.internal.OnnxRuntimeEngine;
import io.platewise.recognition.api.InferenceSession;
import io.platewise.recognition.api.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where TensorRT cannot run (this build machine has no NVIDIA driver), a task asking for it still
 * runs, on the real ONNX Runtime engine, and health names each model that fell back and why.
 */
class TensorRtEngineTest {

    @TempDir
    Path folder;

    @Test
    void withoutAGpuModelsRunOnOnnxRuntimeAndHealthSaysWhy() throws Exception {
        PlatformProbe.Result probe = new PlatformProbe(new NativeLibraries(List.of(folder))).probe(0);
        TensorRtEngine engine = new TensorRtEngine(new OnnxRuntimeEngine(), folder.resolve("plans"), true, 8, 256, probe);
        assertTrue(engine.available());
        assertEquals(1, engine.preferredBatchSize(), "batching across cameras does not pay on the CPU fallback");
        assertTrue(engine.status().contains("no NVIDIA driver"), engine.status());

        Path onnx = Files.write(folder.resolve("relu.onnx"), OnnxModels.relu(4));
        ModelSource model = new ModelSource("relu-model", onnx, null,
                List.of(new ModelSource.PrebuiltPlan(folder.resolve("relu.plan"), "sm_90", "10.15", null)));
        try (InferenceSession session = engine.open(model, 1)) {
            Map<String, float[]> out = session.run(Map.of("x", new float[] {-1, 2, -3, 4}), Map.of("x", new long[] {1, 4}));
            assertArrayEquals(new float[] {0, 2, 0, 4}, out.get("y"));
            HealthCheck health = engine.check().get(0);
            assertEquals("inference.tensorrt", health.name());
            assertEquals(HealthStatus.DEGRADED, health.status());
            assertFalse(health.essential());
            assertTrue(health.message().contains("no NVIDIA driver"), health.message());
            @SuppressWarnings("unchecked")
            Map<String, Object> models = (Map<String, Object>) health.details().get("models");
            assertTrue(String.valueOf(models.get("relu-model")).startsWith("ONNX Runtime (CPU), because no NVIDIA driver"), models.toString());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> models = (Map<String, Object>) engine.check().get(0).details().get("models");
        assertTrue(models.isEmpty(), "a closed session leaves health: " + models);
        assertFalse(Files.exists(folder.resolve("plans")), "nothing is cached without a GPU");
    }
}
