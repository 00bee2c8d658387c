package io.platewise.inference.tensorrt.internal;

import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.bytedeco.tensorrt.nvinfer.IRuntime;

/**
 * A deserialized plan with its execution context, CUDA stream and device buffers. Buffers grow to
 * the largest batch seen and are reused; inputs and outputs are float32 as in the ONNX model (FP16
 * plans keep float32 at their edges). One call at a time: the pipeline gives each session one thread.
 */
final class TensorRtSession implements InferenceSession {

    private final int device;
    private final ICudaEngine engine;
    private final IExecutionContext context;
    private final CUstream_st stream = new CUstream_st();
    private final Map<String, long[]> inputs = new LinkedHashMap<>();
    private final Map<String, long[]> outputs = new LinkedHashMap<>();
    private final Map<String, Pointer> deviceBuffers = new HashMap<>();
    private final Map<String, Long> deviceCapacity = new HashMap<>();
    private final Map<String, FloatPointer> hostBuffers = new HashMap<>();
    private Map<String, long[]> lastOutputShapes = Map.of();

    private TensorRtSession(int device, ICudaEngine engine, IExecutionContext context) throws InferenceException {
        this.device = device;
        this.engine = engine;
        this.context = context;
        for (int i = 0; i < engine.getNbIOTensors(); i++) {
            String name = engine.getIOTensorName(i);
            if (engine.getTensorDataType(name) != nvinfer.DataType.kFLOAT) {
                throw new InferenceException("Tensor " + name + " of the plan is " + engine.getTensorDataType(name)
                        + "; the pipeline gives and takes float32", null);
            }
            long[] shape = shape(engine.getTensorShape(name));
            (engine.getTensorIOMode(name) == nvinfer.TensorIOMode.kINPUT ? inputs : outputs).put(name, shape);
        }
        check(cudart.cudaStreamCreate(stream), "creating a CUDA stream");
    }

    static TensorRtSession load(IRuntime runtime, TensorRtLog log, int device, Path plan) throws InferenceException, IOException {
        byte[] bytes = Files.readAllBytes(plan);
        log.takeErrors();
        check(cudart.cudaSetDevice(device), "selecting CUDA device " + device);
        ICudaEngine engine;
        try (BytePointer data = new BytePointer(bytes)) {
            engine = runtime.deserializeCudaEngine(data, bytes.length);
        }
        if (engine == null || engine.isNull()) {
            throw new InferenceException("TensorRT cannot load the plan " + plan.getFileName() + ": " + String.join("; ", log.takeErrors()), null);
        }
        IExecutionContext context = engine.createExecutionContext();
        if (context == null || context.isNull()) {
            engine.close();
            throw new InferenceException("TensorRT cannot create an execution context for " + plan.getFileName() + ": "
                    + String.join("; ", log.takeErrors()), null);
        }
        return new TensorRtSession(device, engine, context);
    }

    @Override
    public Map<String, long[]> inputs() {
        return inputs;
    }

    @Override
    public Map<String, long[]> outputs() {
        return outputs;
    }

    @Override
    public synchronized Map<String, float[]> run(Map<String, float[]> data, Map<String, long[]> shapes) throws InferenceException {
        check(cudart.cudaSetDevice(device), "selecting CUDA device " + device);
        for (String name : inputs.keySet()) {
            float[] values = data.get(name);
            long[] shape = shapes.get(name);
            if (values == null || shape == null) {
                throw new InferenceException("Input " + name + " (with its shape) is required", null);
            }
            if (!context.setInputShape(name, dims(shape))) {
                throw new InferenceException("The plan does not accept the shape " + Arrays.toString(shape) + " for "
                        + name + " (is the batch above the plan's optimization profile?)", null);
            }
            Pointer buffer = deviceBuffer(name, 4L * values.length);
            FloatPointer host = hostBuffer(name, values.length);
            host.put(values);
            // Staging buffers live with the session, so the copy may run on while the next input is staged.
            check(cudart.cudaMemcpyAsync(buffer, host, 4L * values.length, cudart.cudaMemcpyHostToDevice, stream), "copying " + name);
            context.setTensorAddress(name, buffer);
        }
        Map<String, long[]> shapesOut = new LinkedHashMap<>();
        for (String name : outputs.keySet()) {
            long[] shape = shape(context.getTensorShape(name));
            if (Arrays.stream(shape).anyMatch(d -> d < 0)) {
                throw new InferenceException("Output " + name + " has a data-dependent shape, which this engine does not handle", null);
            }
            shapesOut.put(name, shape);
            context.setTensorAddress(name, deviceBuffer(name, 4L * count(shape)));
        }
        if (!context.enqueueV3(stream)) {
            throw new InferenceException("TensorRT could not run the plan", null);
        }
        for (Map.Entry<String, long[]> output : shapesOut.entrySet()) {
            long count = count(output.getValue());
            check(cudart.cudaMemcpyAsync(hostBuffer(output.getKey(), count), deviceBuffers.get(output.getKey()), 4L * count,
                    cudart.cudaMemcpyDeviceToHost, stream), "copying " + output.getKey());
        }
        // One wait for the inputs' copies, the run and the outputs' copies together.
        check(cudart.cudaStreamSynchronize(stream), "running the plan");
        Map<String, float[]> results = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> output : shapesOut.entrySet()) {
            float[] values = new float[Math.toIntExact(count(output.getValue()))];
            hostBuffers.get(output.getKey()).get(values);
            results.put(output.getKey(), values);
        }
        lastOutputShapes = shapesOut;
        return results;
    }

    private static long count(long[] shape) {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    /** The host-side staging buffer of a tensor, grown to the largest batch seen. */
    private FloatPointer hostBuffer(String name, long floats) {
        FloatPointer buffer = hostBuffers.get(name);
        if (buffer == null || buffer.capacity() < floats) {
            if (buffer != null) {
                buffer.close();
            }
            buffer = new FloatPointer(Math.max(1, floats));
            hostBuffers.put(name, buffer);
        }
        return buffer.position(0);
    }

    private Pointer deviceBuffer(String name, long bytes) throws InferenceException {
        Pointer buffer = deviceBuffers.get(name);
        if (buffer != null && deviceCapacity.get(name) >= bytes) {
            return buffer;
        }
        if (buffer != null) {
            cudart.cudaFree(buffer);
        }
        Pointer fresh = new Pointer();
        check(cudart.cudaMalloc(fresh, Math.max(bytes, 4)), "allocating " + bytes + " bytes for " + name);
        deviceBuffers.put(name, fresh);
        deviceCapacity.put(name, bytes);
        return fresh;
    }

    @Override
    public Map<String, long[]> lastOutputShapes() {
        return lastOutputShapes;
    }

    /**
     * Frees what this session allocated: device buffers, host staging buffers, the stream. The engine
     * and its context came from TensorRT's factories, and with the 10.15-1.5.13 presets their
     * {@code close()} frees nothing (no deallocator is attached to returned objects and TensorRT 10
     * dropped {@code destroy()}: bytedeco/javacpp-presets#1699), so their memory stays until the JVM
     * ends: one engine per model opened, which a model swap adds to. Closing them anyway makes the
     * Java objects unusable and picks up the fix when the presets attach a deallocator.
     */
    @Override
    public synchronized void close() {
        deviceBuffers.values().forEach(cudart::cudaFree);
        deviceBuffers.clear();
        hostBuffers.values().forEach(FloatPointer::close);
        hostBuffers.clear();
        cudart.cudaStreamDestroy(stream);
        context.close();
        engine.close();
    }

    private static long[] shape(Dims64 dims) {
        long[] shape = new long[dims.nbDims()];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = dims.d(d);
        }
        return shape;
    }

    private static Dims64 dims(long[] shape) {
        Dims64 dims = new Dims64();
        dims.nbDims(shape.length);
        for (int d = 0; d < shape.length; d++) {
            dims.d(d, shape[d]);
        }
        return dims;
    }

    private static void check(int status, String what) throws InferenceException {
        if (status != cudart.cudaSuccess) {
            throw new InferenceException("CUDA failed " + what + ": " + cudart.cudaGetErrorString(status).getString(), null);
        }
    }
}
