package io.platewise.inference.tensorrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.api.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanPlannerTest {

    private static final GpuPlatform H100_FULL = new GpuPlatform(0, "sm_90", "10.15.1", "13.0", "13.0", null);
    private static final GpuPlatform H100_RUNTIME_ONLY = new GpuPlatform(0, "sm_90", "10.15.1", "13.0", "13.0",
            "libnvinfer_builder_resource_sm90.so.10.15.1 is missing");

    @TempDir
    Path folder;

    private Path onnx;
    private Path cache;
    private PlanPlanner planner;

    @BeforeEach
    void writeModel() throws Exception {
        onnx = Files.write(folder.resolve("model.onnx"), new byte[] {1, 2, 3});
        cache = folder.resolve("cache");
        planner = new PlanPlanner(cache, true, 8);
    }

    private ModelSource model(ModelSource.PrebuiltPlan... plans) {
        return new ModelSource("plates", onnx, null, List.of(plans));
    }

    private ModelSource.PrebuiltPlan plan(String name, String architecture, String version, String sha256) throws Exception {
        return new ModelSource.PrebuiltPlan(Files.write(folder.resolve(name), new byte[] {9, 9}), architecture, version, sha256);
    }

    @Test
    void withoutAGpuTheModelRunsOnOnnxRuntimeWithTheProbesReason() throws Exception {
        PlanChoice choice = planner.choose(model(plan("a.plan", "sm_90", "10.15", null)), null, "no NVIDIA driver here");
        assertEquals("no NVIDIA driver here", assertInstanceOf(PlanChoice.Fallback.class, choice).reason());
    }

    @Test
    void aPrebuiltPlanForThisGpuAndReleaseIsLoadedFirst() throws Exception {
        ModelSource.PrebuiltPlan other = plan("ampere.plan", "sm_86", "10.15.1", null);
        ModelSource.PrebuiltPlan hopper = plan("hopper.plan", "sm_90", "10.15", PlanPlanner.sha256(folder.resolve("ampere.plan")));
        PlanChoice choice = planner.choose(model(other, hopper), H100_RUNTIME_ONLY, null);
        assertEquals(hopper.file(), assertInstanceOf(PlanChoice.Prebuilt.class, choice).plan());
        assertEquals(1, choice.passedOver().size());
        assertTrue(choice.passedOver().get(0).contains("ampere.plan"), choice.passedOver().toString());
    }

    @Test
    void aPlanWhoseHashDiffersFromTheDescriptorIsNeverLoaded() throws Exception {
        ModelSource.PrebuiltPlan tampered = plan("hopper.plan", "sm_90", "10.15.1", "0".repeat(64));
        PlanChoice choice = planner.choose(model(tampered), H100_RUNTIME_ONLY, null);
        PlanChoice.Fallback fallback = assertInstanceOf(PlanChoice.Fallback.class, choice);
        assertTrue(choice.passedOver().get(0).contains("SHA-256"), choice.passedOver().toString());
        assertTrue(fallback.reason().contains("libnvinfer_builder_resource_sm90"), fallback.reason());
    }

    @Test
    void withoutAMatchingPlanAFullInstallBuildsOneIntoTheCacheAndLoadsItAfterwards() throws Exception {
        ModelSource model = model(plan("ampere.plan", "sm_86", "10.15", null));
        PlanChoice.Build build = assertInstanceOf(PlanChoice.Build.class, planner.choose(model, H100_FULL, null));
        assertEquals(cache, build.target().getParent());
        String name = build.target().getFileName().toString();
        assertTrue(name.startsWith(PlanPlanner.sha256(onnx).substring(0, 16)), name);
        assertTrue(name.endsWith("-sm_90-trt10.15.1-fp16-b8.plan"), name);

        Files.createDirectories(cache);
        Files.write(build.target(), new byte[] {7});
        assertEquals(build.target(), assertInstanceOf(PlanChoice.Cached.class, planner.choose(model, H100_FULL, null)).plan());
        // A runtime-only TensorRT still loads what a full install built before.
        assertInstanceOf(PlanChoice.Cached.class, planner.choose(model, H100_RUNTIME_ONLY, null));
    }

    @Test
    void theCacheKeyChangesWithEverythingThatMakesAPlanUnusable() throws Exception {
        ModelSource model = model();
        String base = planner.cacheName(model, H100_FULL);
        assertNotEquals(base, planner.cacheName(model, new GpuPlatform(0, "sm_89", "10.15.1", "13.0", "13.0", null)));
        assertNotEquals(base, planner.cacheName(model, new GpuPlatform(0, "sm_90", "10.15.2", "13.0", "13.0", null)));
        assertNotEquals(base, new PlanPlanner(cache, false, 8).cacheName(model, H100_FULL));
        assertNotEquals(base, new PlanPlanner(cache, true, 4).cacheName(model, H100_FULL));
        Files.write(onnx, new byte[] {4, 5, 6});
        assertNotEquals(base, planner.cacheName(model, H100_FULL));
    }

    @Test
    void aRuntimeOnlyInstallWithoutAPlanFallsBackAndSaysWhatIsMissing() throws Exception {
        PlanChoice.Fallback fallback = assertInstanceOf(PlanChoice.Fallback.class, planner.choose(model(), H100_RUNTIME_ONLY, null));
        assertTrue(fallback.reason().startsWith("no plan for sm_90 and TensorRT 10.15.1 ships with the model"), fallback.reason());
        assertTrue(fallback.reason().contains("builder_resource"), fallback.reason());
    }

    @Test
    void plansMatchTheirOwnReleaseOnly() {
        assertTrue(H100_FULL.runs("sm_90", "10.15"));
        assertTrue(H100_FULL.runs("sm_90", "10.15.1"));
        assertFalse(H100_FULL.runs("sm_90", "10.15.2"));
        assertFalse(H100_FULL.runs("sm_90", "10.1"));
        assertFalse(H100_FULL.runs("sm_90", "10"));
        assertFalse(H100_FULL.runs("sm_86", "10.15.1"));
        assertFalse(H100_FULL.runs("sm_90", null));
    }
}
