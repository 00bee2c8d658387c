package io.platewise.inference.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession;
import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthStatus;
import io.platewise.recognition.api.InferenceSession;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's configured session options, as ConfigAdmin would hand them over. */
class SessionSettingsTest {

    @TempDir
    Path folder;

    private static OnnxRuntimeConfiguration configuration(String level, int interOpThreads, boolean allowSpinning) {
        return new OnnxRuntimeConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return OnnxRuntimeConfiguration.class;
            }

            @Override
            public String optimizationLevel() {
                return level;
            }

            @Override
            public int interOpThreads() {
                return interOpThreads;
            }

            @Override
            public boolean allowSpinning() {
                return allowSpinning;
            }
        };
    }

    @Test
    void theDefaultsAreWhatTheEngineRanBeforeItWasConfigurable() {
        SessionSettings settings = SessionSettings.of(configuration("all", 1, true));
        assertEquals(SessionSettings.DEFAULTS, settings);
        assertEquals("optimization all, 1 inter-op thread, spinning on", settings.describe());
    }

    @Test
    void spinningOffIsPassedToOnnxRuntime() throws Exception {
        SessionSettings settings = SessionSettings.of(configuration(" Basic ", 2, false));
        assertEquals(OrtSession.SessionOptions.OptLevel.BASIC_OPT, settings.optimizationLevel());
        assertEquals(Optional.empty(), settings.problem());
        try (OrtSession.SessionOptions options = settings.options(2)) {
            assertEquals(Map.of("session.intra_op.allow_spinning", "0", "session.inter_op.allow_spinning", "0"), options.getConfigEntries());
        }
        try (OrtSession.SessionOptions options = SessionSettings.DEFAULTS.options(1)) {
            assertEquals(Map.of(), options.getConfigEntries(), "ONNX Runtime's own default (spinning) unless told otherwise");
        }
    }

    @Test
    void valuesNotUnderstoodFallBackToTheDefaultsAndHealthSaysWhich() throws Exception {
        SessionSettings settings = SessionSettings.of(configuration("fastest", 0, true));
        assertEquals(OrtSession.SessionOptions.OptLevel.ALL_OPT, settings.optimizationLevel());
        assertEquals(1, settings.interOpThreads());
        assertEquals("optimizationLevel 'fastest' is not one of all, extended, basic, none: all is used; "
                + "interOpThreads must be between 1 and 64, not 0: 1 is used", settings.problem().orElseThrow());

        OnnxRuntimeEngine engine = new OnnxRuntimeEngine();
        engine.modified(configuration("fastest", 0, true));
        HealthCheck check = engine.check().get(0);
        assertEquals(HealthStatus.DEGRADED, check.status());
        assertTrue(check.message().contains("in io.platewise.inference.onnxruntime.cfg optimizationLevel 'fastest' is not one of"),
                check.message());
        engine.modified(configuration("all", 1, true));
        assertEquals(HealthStatus.UP, engine.check().get(0).status(), "mended, healthy again");
    }

    @Test
    void everyLevelAndParallelBranchesRunAModelToTheSameResult() throws Exception {
        Path model = Files.write(folder.resolve("relu.onnx"), OnnxModels.relu(4));
        OnnxRuntimeEngine engine = new OnnxRuntimeEngine();
        for (String level : new String[] {"none", "basic", "extended", "all"}) {
            engine.modified(configuration(level, level.equals("all") ? 2 : 1, level.equals("basic")));
            assertEquals(HealthStatus.UP, engine.check().get(0).status());
            assertTrue(engine.check().get(0).details().get("sessionOptions").toString().startsWith("optimization " + level),
                    engine.check().get(0).details().toString());
            try (InferenceSession session = engine.open(model, 2)) {
                float[] out = session.run(Map.of("x", new float[] {-1, 2, -3, 4}), Map.of("x", new long[] {1, 4})).get("y");
                assertArrayEquals(new float[] {0, 2, 0, 4}, out, level);
            }
        }
    }
}
