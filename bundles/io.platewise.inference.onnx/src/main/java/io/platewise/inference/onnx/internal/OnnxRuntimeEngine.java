package io.platewise.inference.onnx.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime on the CPU, the default engine. The native library is loaded once per JVM; if it
 * cannot load here (another platform), the engine says so in /api/health rather than failing.
 */
@Component(service = {InferenceEngine.class, HealthIndicator.class}, property = "engine.name=onnxruntime-cpu")
public final class OnnxRuntimeEngine implements InferenceEngine, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeEngine.class);

    private final OrtEnvironment environment;
    private final String problem;

    @Activate
    public OnnxRuntimeEngine() {
        OrtEnvironment loaded = null;
        String failure = null;
        try {
            loaded = OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            failure = "ONNX Runtime could not load its native library: " + e;
            LOG.error(failure);
        }
        this.environment = loaded;
        this.problem = failure;
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
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return new Session(environment, environment.createSession(model.toString(), options), options);
        } catch (OrtException e) {
            throw new InferenceException("ONNX Runtime cannot load " + model.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<HealthCheck> check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", name());
        if (available()) {
            details.put("version", environment.getVersion());
            return List.of(HealthCheck.up("inference.onnxruntime", true, status(), details));
        }
        return List.of(HealthCheck.down("inference.onnxruntime", true, problem, details));
    }

    private static final class Session implements InferenceSession {
        private final OrtEnvironment environment;
        private final OrtSession session;
        private final OrtSession.SessionOptions options;
        /**
         * Direct buffers the inputs are copied into, kept from one run to the next: a tensor made
         * from a heap array costs ONNX Runtime's Java binding a fresh direct buffer and a copy on
         * every run (1.2 of the 9 ms of a 640x360 detector run on this machine). Runs at the same
         * time on one session each take their own set.
         */
        private final ConcurrentLinkedDeque<Map<String, FloatBuffer>> spareInputBuffers = new ConcurrentLinkedDeque<>();
        private Map<String, long[]> lastOutputShapes = Map.of();

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
            Map<String, FloatBuffer> buffers = spareInputBuffers.poll();
            if (buffers == null) {
                buffers = new HashMap<>();
            }
            try {
                for (Map.Entry<String, float[]> input : inputs.entrySet()) {
                    long[] shape = shapes.get(input.getKey());
                    if (shape == null) {
                        throw new InferenceException("No shape given for input " + input.getKey(), null);
                    }
                    float[] data = input.getValue();
                    FloatBuffer buffer = buffers.get(input.getKey());
                    if (buffer == null || buffer.capacity() < data.length) {
                        buffer = ByteBuffer.allocateDirect(Math.multiplyExact(data.length, Float.BYTES)).order(ByteOrder.nativeOrder())
                                .asFloatBuffer();
                        buffers.put(input.getKey(), buffer);
                    }
                    buffer.clear();
                    buffer.put(data).flip();
                    tensors.put(input.getKey(), OnnxTensor.createTensor(environment, buffer, shape));
                }
                try (OrtSession.Result result = session.run(tensors)) {
                    Map<String, float[]> outputs = new LinkedHashMap<>();
                    Map<String, long[]> outputShapes = new LinkedHashMap<>();
                    for (Map.Entry<String, OnnxValue> output : result) {
                        if (output.getValue() instanceof OnnxTensor tensor) {
                            FloatBuffer buffer = tensor.getFloatBuffer();
                            float[] data = new float[buffer.remaining()];
                            buffer.get(data);
                            outputs.put(output.getKey(), data);
                            outputShapes.put(output.getKey(), tensor.getInfo().getShape());
                        }
                    }
                    lastOutputShapes = outputShapes;
                    return outputs;
                }
            } catch (OrtException e) {
                throw new InferenceException("Inference failed: " + e.getMessage(), e);
            } finally {
                tensors.values().forEach(OnnxTensor::close);
                spareInputBuffers.push(buffers);
            }
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
        }
    }
}
