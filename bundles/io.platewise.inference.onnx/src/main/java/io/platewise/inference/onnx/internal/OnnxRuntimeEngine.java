package io.platewise.inference.onnx.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtUtil;
import ai.onnxruntime.TensorInfo;
import io.platewise.core.DataFolder;
import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import io.platewise.core.health.HealthStatus;
import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime on the CPU, the default engine. The native library is loaded once per JVM; if it
 * cannot load here (another platform), the engine says so in /api/health rather than failing. Its
 * session options come from {@code config/io.platewise.inference.onnxruntime.cfg}; a change applies
 * to sessions opened afterwards, so that running tasks keep their models meanwhile.
 */
@Component(service = {InferenceEngine.class, HealthIndicator.class}, property = "engine.name=onnxruntime-cpu",
        configurationPid = OnnxRuntimeEngine.PID)
@Designate(ocd = OnnxRuntimeConfiguration.class)
public final class OnnxRuntimeEngine implements InferenceEngine, HealthIndicator {

    static final String PID = "io.platewise.inference.onnxruntime";

    private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeEngine.class);

    private final OrtEnvironment environment;
    private final String problem;
    /** Where the native libraries were loaded from; empty when ONNX Runtime unpacked them itself. */
    private final Optional<Path> nativeLibraries;
    private volatile SessionSettings settings = SessionSettings.DEFAULTS;

    @Activate
    public OnnxRuntimeEngine(BundleContext context, OnnxRuntimeConfiguration configuration) {
        this(DataFolder.of(context).resolve("natives"));
        modified(configuration);
    }

    @Modified
    void modified(OnnxRuntimeConfiguration configuration) {
        settings = SessionSettings.of(configuration);
        settings.problem().ifPresent(problem -> LOG.warn("ONNX Runtime session options in {}.cfg: {}", PID, problem));
    }

    /**
     * ONNX Runtime with its native libraries unpacked into a folder under {@code nativesParent}, kept
     * from one start to the next, unless the JVM was given {@value NativeLibraryFolder#PATH_PROPERTY}.
     */
    public OnnxRuntimeEngine(Path nativesParent) {
        this(useFolderUnder(nativesParent));
    }

    /** ONNX Runtime as it loads itself: unpacked into the system's temporary folder (tests, tools). */
    public OnnxRuntimeEngine() {
        this(Optional.<Path>empty());
    }

    private OnnxRuntimeEngine(Optional<Path> nativeLibraries) {
        OrtEnvironment loaded = null;
        String failure = null;
        try {
            loaded = OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            failure = "ONNX Runtime could not load its native library"
                    + nativeLibraries.map(folder -> " from " + folder).orElse("") + ": " + e;
            LOG.error(failure);
        }
        this.environment = loaded;
        this.problem = failure;
        this.nativeLibraries = nativeLibraries;
    }

    /**
     * Points ONNX Runtime at its libraries unpacked under {@code parent}. It reads the property once,
     * when the library first loads; an engine made again (its bundle restarted) finds it set.
     */
    private static synchronized Optional<Path> useFolderUnder(Path parent) {
        String given = System.getProperty(NativeLibraryFolder.PATH_PROPERTY);
        if (given != null) {
            return Optional.of(Path.of(given));
        }
        try {
            Optional<Path> folder = NativeLibraryFolder.unpack(OrtEnvironment.class, parent);
            if (folder.isPresent() && !NativeLibraryFolder.loadable(folder.get())) {
                // A failed load cannot be tried again from elsewhere: ONNX Runtime's classes stay broken for the JVM's life.
                LOG.warn("ONNX Runtime's native libraries cannot be loaded from {} (a file system mounted noexec?); it unpacks "
                        + "them into the system's temporary folder itself, once per start", folder.get());
                return Optional.empty();
            }
            folder.ifPresent(path -> System.setProperty(NativeLibraryFolder.PATH_PROPERTY, path.toString()));
            return folder;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not unpack ONNX Runtime's native libraries into {} ({}); it unpacks them into the system's "
                    + "temporary folder itself, once per start", parent, e.toString());
            return Optional.empty();
        }
    }

    @Deactivate
    void stop() {
        // The environment is a JVM-wide singleton of ONNX Runtime: closing it would break a later activation.
    }

    @Override
    public String name() {
        return "onnxruntime-cpu";
    }

    @Override
    public boolean available() {
        return environment != null;
    }

    @Override
    public String status() {
        return available() ? "ONNX Runtime " + environment.getVersion() + " on " + Runtime.getRuntime().availableProcessors()
                + " CPU cores" : problem;
    }

    @Override
    public InferenceSession open(Path model, int threads) throws InferenceException {
        if (!available()) {
            throw new InferenceException(problem, null);
        }
        if (!Files.isRegularFile(model)) {
            throw new InferenceException("No model file at " + model, null);
        }
        OrtSession.SessionOptions options = null;
        try {
            options = settings.options(threads);
            return new Session(environment, environment.createSession(model.toString(), options), options);
        } catch (OrtException e) {
            if (options != null) {
                options.close();
            }
            throw new InferenceException("ONNX Runtime cannot load " + model.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<HealthCheck> check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", name());
        if (available()) {
            SessionSettings current = settings;
            details.put("version", environment.getVersion());
            details.put("nativeLibraries", nativeLibraries.map(Path::toString).orElse("unpacked by ONNX Runtime into the system's temporary folder"));
            details.put("sessionOptions", current.describe());
            return List.of(current.problem()
                    .map(problem -> new HealthCheck("inference.onnxruntime", HealthStatus.DEGRADED, true, status() + "; in " + PID + ".cfg "
                            + problem, details))
                    .orElseGet(() -> HealthCheck.up("inference.onnxruntime", true, status(), details)));
        }
        return List.of(HealthCheck.down("inference.onnxruntime", true, problem, details));
    }

    private static final class Session implements InferenceSession {
        /** Output shapes learnt per set of input shapes, at most this many (a reader's batch sizes, say). */
        private static final int REMEMBERED_INPUT_SHAPES = 16;

        private final OrtEnvironment environment;
        private final OrtSession session;
        private final OrtSession.SessionOptions options;
        /**
         * Native buffers of the runs, kept from one run to the next. Runs at the same time on one
         * session each take their own set.
         */
        private final ConcurrentLinkedDeque<RunBuffers> spareBuffers = new ConcurrentLinkedDeque<>();
        /** Input shapes (as {@link #key}) to the output shapes a run on them gave. */
        private final Map<String, Map<String, long[]>> outputShapesByInputs = new ConcurrentHashMap<>();
        private volatile Map<String, long[]> lastOutputShapes = Map.of();

        Session(OrtEnvironment environment, OrtSession session, OrtSession.SessionOptions options) {
            this.environment = environment;
            this.session = session;
            this.options = options;
        }

        @Override
        public Map<String, long[]> inputs() {
            return shapes(() -> session.getInputInfo());
        }

        @Override
        public Map<String, long[]> outputs() {
            return shapes(() -> session.getOutputInfo());
        }

        private interface InfoSource {
            Map<String, NodeInfo> get() throws OrtException;
        }

        private static Map<String, long[]> shapes(InfoSource source) {
            Map<String, long[]> shapes = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, NodeInfo> entry : source.get().entrySet()) {
                    if (entry.getValue().getInfo() instanceof TensorInfo tensor) {
                        shapes.put(entry.getKey(), tensor.getShape());
                    }
                }
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
            return shapes;
        }

        @Override
        public Map<String, float[]> run(Map<String, float[]> inputs, Map<String, long[]> shapes) throws InferenceException {
            Map<String, OnnxTensor> tensors = new HashMap<>();
            RunBuffers buffers = spareBuffers.poll();
            if (buffers == null) {
                buffers = new RunBuffers();
            }
            try {
                for (Map.Entry<String, float[]> input : inputs.entrySet()) {
                    long[] shape = shapes.get(input.getKey());
                    if (shape == null) {
                        throw new InferenceException("No shape given for input " + input.getKey(), null);
                    }
                    tensors.put(input.getKey(), OnnxTensor.createTensor(environment, buffers.input(input.getKey(), input.getValue()), shape));
                }
                String key = key(inputs.keySet(), shapes);
                Map<String, long[]> known = outputShapesByInputs.get(key);
                if (known != null) {
                    Map<String, OnnxTensor> outputs = buffers.outputs(environment, key, known);
                    try (OrtSession.Result result = session.run(tensors, outputs)) {
                        lastOutputShapes = known;
                        return copies(outputs);
                    } catch (OrtException e) {
                        // Outputs whose shapes depend on the data as well: run as on the first time, below.
                        outputShapesByInputs.remove(key);
                        LOG.debug("A run into kept output buffers failed ({}); running without them", e.getMessage());
                    }
                }
                try (OrtSession.Result result = session.run(tensors)) {
                    Map<String, float[]> outputs = new LinkedHashMap<>();
                    Map<String, long[]> outputShapes = new LinkedHashMap<>();
                    for (Map.Entry<String, OnnxValue> output : result) {
                        if (output.getValue() instanceof OnnxTensor tensor && tensor.getInfo().type == OnnxJavaType.FLOAT) {
                            FloatBuffer buffer = tensor.getFloatBuffer();
                            float[] data = new float[buffer.remaining()];
                            buffer.get(data);
                            outputs.put(output.getKey(), data);
                            outputShapes.put(output.getKey(), tensor.getInfo().getShape());
                        }
                    }
                    lastOutputShapes = outputShapes;
                    if (outputShapes.size() == result.size() && outputShapesByInputs.size() < REMEMBERED_INPUT_SHAPES) {
                        outputShapesByInputs.put(key, outputShapes);
                    }
                    return outputs;
                }
            } catch (OrtException e) {
                throw new InferenceException("Inference failed: " + e.getMessage(), e);
            } finally {
                tensors.values().forEach(OnnxTensor::close);
                spareBuffers.push(buffers);
            }
        }

        private static String key(Set<String> names, Map<String, long[]> shapes) {
            StringBuilder key = new StringBuilder();
            for (String name : names.size() == 1 ? names : new TreeSet<>(names)) {
                key.append(name).append('=').append(Arrays.toString(shapes.get(name))).append(';');
            }
            return key.toString();
        }

        private static Map<String, float[]> copies(Map<String, OnnxTensor> outputs) {
            Map<String, float[]> copies = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxTensor> output : outputs.entrySet()) {
                FloatBuffer buffer = (FloatBuffer) output.getValue().getBufferRef().orElseThrow();
                float[] data = new float[buffer.capacity()];
                buffer.get(0, data);
                copies.put(output.getKey(), data);
            }
            return copies;
        }

        @Override
        public Map<String, long[]> lastOutputShapes() {
            return lastOutputShapes;
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("Closing an ONNX Runtime session failed: {}", e.getMessage());
            }
            options.close();
            RunBuffers buffers;
            while ((buffers = spareBuffers.poll()) != null) {
                buffers.close();
            }
        }
    }

    /**
     * One run's native memory. Inputs are copied into direct buffers: a tensor made from a heap
     * array costs ONNX Runtime's Java binding a fresh direct buffer and a copy on every run (1.2 of
     * the 9 ms of a 640x360 detector run on this machine). Outputs are written by ONNX Runtime
     * straight into direct buffers of ours once their shapes for these input shapes are known
     * (from a first run): otherwise it allocates every output afresh and the binding copies each
     * one out twice (0.25-0.7 ms of a detector run, whose outputs are 0.5 MB).
     */
    private static final class RunBuffers implements AutoCloseable {
        /** Output sets kept per input shapes, so that a reader's changing batch does not reallocate them. */
        private static final int OUTPUT_SETS = 4;

        private final Map<String, FloatBuffer> inputs = new HashMap<>();
        private final LinkedHashMap<String, Map<String, OnnxTensor>> outputSets = new LinkedHashMap<>(8, 0.75f, true);

        FloatBuffer input(String name, float[] data) {
            FloatBuffer buffer = inputs.get(name);
            if (buffer == null || buffer.capacity() < data.length) {
                buffer = direct(data.length);
                inputs.put(name, buffer);
            }
            buffer.clear();
            buffer.put(data).flip();
            return buffer;
        }

        Map<String, OnnxTensor> outputs(OrtEnvironment environment, String key, Map<String, long[]> shapes) throws OrtException {
            Map<String, OnnxTensor> outputs = outputSets.get(key);
            if (outputs != null) {
                return outputs;
            }
            outputs = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, long[]> shape : shapes.entrySet()) {
                    int size = Math.toIntExact(OrtUtil.elementCount(shape.getValue()));
                    outputs.put(shape.getKey(), OnnxTensor.createTensor(environment, direct(size), shape.getValue()));
                }
            } catch (OrtException | RuntimeException e) {
                outputs.values().forEach(OnnxTensor::close);
                throw e;
            }
            outputSets.put(key, outputs);
            if (outputSets.size() > OUTPUT_SETS) {
                Map.Entry<String, Map<String, OnnxTensor>> eldest = outputSets.entrySet().iterator().next();
                eldest.getValue().values().forEach(OnnxTensor::close);
                outputSets.remove(eldest.getKey());
            }
            return outputs;
        }

        private static FloatBuffer direct(int floats) {
            return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        @Override
        public void close() {
            outputSets.values().forEach(set -> set.values().forEach(OnnxTensor::close));
            outputSets.clear();
        }
    }
}
