package io.platewise.inference.tensorrt.internal;

import io.platewise.core.DataFolder;
import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import io.platewise.core.health.HealthStatus;
import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import io.platewise.recognition.api.ModelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.nvinfer.IRuntime;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPU engine. Each model runs on the cheapest path that works here: the package's prebuilt plan,
 * a plan built here before, a plan built now from the ONNX file (full TensorRT installs only), or
 * else ONNX Runtime on the CPU, so that a task asking for {@code tensorrt} always runs and
 * /api/health says which models fell back and why.
 */
@Component(service = {InferenceEngine.class, HealthIndicator.class}, property = "engine.name=tensorrt",
        configurationPid = "io.platewise.inference.tensorrt", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TensorRtConfiguration.class)
public final class TensorRtEngine implements InferenceEngine, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(TensorRtEngine.class);

    private final InferenceEngine cpu;
    private final PlanPlanner planner;
    private final GpuPlatform platform;
    private final String problem;
    private final int maxBatchSize;
    /** TensorRT's objects, only where the platform is there: their classes load the native libraries. */
    private final Gpu gpu;
    /** Model name to how its open sessions run, for health. */
    private final Map<String, ModelRun> runs = new TreeMap<>();

    private record Gpu(TensorRtLog log, IRuntime runtime, PlanBuilder builder) {
    }

    private record ModelRun(String how, boolean onGpu, int sessions) {
    }

    @Activate
    public TensorRtEngine(@Reference(target = "(engine.name=onnxruntime-cpu)") InferenceEngine cpu, TensorRtConfiguration configuration,
            BundleContext context) {
        this(cpu, DataFolder.configuredOr(configuration.planCache(), context, "tensorrt-plans"), configuration.fp16(),
                configuration.maxBatchSize(), configuration.workspaceMegabytes(),
                new PlatformProbe(NativeLibraries.ofThisHost()).probe(configuration.device()));
    }

    TensorRtEngine(InferenceEngine cpu, Path planCache, boolean fp16, int maxBatchSize, int workspaceMegabytes, PlatformProbe.Result probe) {
        this.cpu = cpu;
        this.maxBatchSize = Math.max(1, maxBatchSize);
        this.planner = new PlanPlanner(planCache, fp16, this.maxBatchSize);
        Gpu started = null;
        String failure = probe.problem();
        if (probe.platform() != null) {
            try {
                TensorRtLog log = new TensorRtLog();
                IRuntime runtime = nvinfer.createInferRuntime(log);
                if (runtime == null || runtime.isNull()) {
                    failure = "TensorRT could not create its runtime: " + String.join("; ", log.takeErrors());
                } else {
                    started = new Gpu(log, runtime, new PlanBuilder(log, fp16, this.maxBatchSize, workspaceMegabytes));
                }
            } catch (RuntimeException | LinkageError e) {
                failure = "TensorRT could not start: " + e;
            }
        }
        this.gpu = started;
        this.platform = started == null ? null : probe.platform();
        this.problem = failure;
        if (platform != null) {
            LOG.info("{}; {}", platform, platform.canBuild() ? "plans can be built here" : "plans cannot be built here: " + platform.builderProblem());
        } else {
            LOG.warn("TensorRT is not usable, models asked of it run on ONNX Runtime: {}", problem);
        }
    }

    @Deactivate
    void stop() {
        if (gpu != null) {
            gpu.runtime().close();
        }
    }

    @Override
    public String name() {
        return "tensorrt";
    }

    /** Always: what TensorRT cannot run, ONNX Runtime runs (and health says so). */
    @Override
    public boolean available() {
        return cpu.available();
    }

    @Override
    public String status() {
        return platform != null ? platform.toString() : "TensorRT is not usable here, so its models run on ONNX Runtime: " + problem;
    }

    @Override
    public int preferredBatchSize() {
        return platform != null ? maxBatchSize : 1;
    }

    @Override
    public InferenceSession open(Path model, int threads) throws InferenceException {
        return open(ModelSource.ofFile(model), threads);
    }

    @Override
    public InferenceSession open(ModelSource model, int threads) throws InferenceException {
        PlanChoice choice;
        try {
            choice = planner.choose(model, platform, problem);
        } catch (IOException e) {
            throw new InferenceException("Cannot read model '" + model.name() + "': " + e.getMessage(), e);
        }
        List<String> notes = new ArrayList<>(choice.passedOver());
        notes.forEach(note -> LOG.info("Model '{}': passed over {}", model.name(), note));
        Path existing = choice instanceof PlanChoice.Prebuilt prebuilt ? prebuilt.plan()
                : choice instanceof PlanChoice.Cached cached ? cached.plan() : null;
        if (existing != null) {
            boolean cached = choice instanceof PlanChoice.Cached;
            InferenceSession session = load(model, existing, cached ? "plan cached at " + existing : "prebuilt plan " + existing.getFileName(), notes);
            if (session != null) {
                return session;
            }
            if (cached) {
                // A cached plan TensorRT refuses is stale (a driver update, say): rebuilt in its place.
                deleteQuietly(existing);
            }
            choice = platform.canBuild() ? new PlanChoice.Build(cached ? existing : cacheFile(model), notes)
                    : new PlanChoice.Fallback(String.join("; ", notes), notes);
        }
        if (choice instanceof PlanChoice.Build build) {
            try {
                long started = System.nanoTime();
                gpu.builder().build(model.onnx(), build.target());
                LOG.info("Model '{}': built a TensorRT plan in {} s at {}", model.name(), (System.nanoTime() - started) / 1_000_000_000L, build.target());
                InferenceSession session = load(model, build.target(), "plan built here, cached at " + build.target(), notes);
                if (session != null) {
                    return session;
                }
            } catch (InferenceException | IOException | RuntimeException e) {
                notes.add("building a plan failed: " + e.getMessage());
            }
            choice = new PlanChoice.Fallback(String.join("; ", notes), notes);
        }
        String reason = ((PlanChoice.Fallback) choice).reason();
        InferenceSession session = cpu.open(model.onnx(), threads);
        LOG.warn("Model '{}' runs on ONNX Runtime instead of TensorRT: {}", model.name(), reason);
        return counted(model.name(), "ONNX Runtime (CPU), because " + reason, false, session);
    }

    private Path cacheFile(ModelSource model) throws InferenceException {
        try {
            return planner.cacheFile(model, platform);
        } catch (IOException e) {
            throw new InferenceException("Cannot read model '" + model.name() + "': " + e.getMessage(), e);
        }
    }

    /** A session on the plan, or null (with the reason added to the notes) when TensorRT refuses it. */
    private InferenceSession load(ModelSource model, Path plan, String how, List<String> notes) {
        try {
            return counted(model.name(), "TensorRT, " + how, true, TensorRtSession.load(gpu.runtime(), gpu.log(), platform.device(), plan));
        } catch (InferenceException | IOException | RuntimeException e) {
            notes.add(how + " did not load: " + e.getMessage());
            return null;
        }
    }

    private InferenceSession counted(String model, String how, boolean onGpu, InferenceSession session) {
        synchronized (runs) {
            ModelRun earlier = runs.get(model);
            runs.put(model, new ModelRun(how, onGpu, earlier == null ? 1 : earlier.sessions() + 1));
        }
        return new InferenceSession() {
            private boolean closed;

            @Override
            public Map<String, long[]> inputs() {
                return session.inputs();
            }

            @Override
            public Map<String, long[]> outputs() {
                return session.outputs();
            }

            @Override
            public Map<String, float[]> run(Map<String, float[]> inputs, Map<String, long[]> shapes) throws InferenceException {
                return session.run(inputs, shapes);
            }

            @Override
            public Map<String, long[]> lastOutputShapes() {
                return session.lastOutputShapes();
            }

            @Override
            public void close() {
                synchronized (runs) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    ModelRun run = runs.get(model);
                    if (run != null && run.sessions() <= 1) {
                        runs.remove(model);
                    } else if (run != null) {
                        runs.put(model, new ModelRun(run.how(), run.onGpu(), run.sessions() - 1));
                    }
                }
                session.close();
            }
        };
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete the stale plan {}: {}", file, e.getMessage());
        }
    }

    @Override
    public List<HealthCheck> check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", name());
        Map<String, Object> models = new LinkedHashMap<>();
        List<String> fellBack = new ArrayList<>();
        synchronized (runs) {
            runs.forEach((model, run) -> {
                models.put(model, run.how());
                if (!run.onGpu()) {
                    fellBack.add(model);
                }
            });
        }
        details.put("models", models);
        if (platform == null) {
            details.put("fallback", cpu.name());
            return List.of(new HealthCheck("inference.tensorrt", HealthStatus.DEGRADED, false,
                    "TensorRT is not usable here; models asked of it run on ONNX Runtime (CPU): " + problem, details));
        }
        details.put("gpuArchitecture", platform.architecture());
        details.put("tensorrtVersion", platform.tensorrtVersion());
        details.put("canBuildPlans", platform.canBuild());
        if (!fellBack.isEmpty()) {
            return List.of(new HealthCheck("inference.tensorrt", HealthStatus.DEGRADED, false,
                    fellBack.size() + " model(s) run on ONNX Runtime instead of TensorRT: " + fellBack + " (see details)", details));
        }
        return List.of(HealthCheck.up("inference.tensorrt", false, platform.toString(), details));
    }
}
