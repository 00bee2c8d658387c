package io.platewise.inference.tensorrt.internal;

import io.platewise.recognition.api.InferenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.global.nvonnxparser;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvonnxparser.IParser;

/**
 * Builds a plan from an ONNX file with a full TensorRT install: FP16 where the GPU has fast FP16,
 * one optimization profile whose batch goes from 1 to the configured maximum (the only dynamic
 * dimension our models have), written to the cache through a temporary file so that a crash never
 * leaves half a plan under the cache name.
 */
final class PlanBuilder {

    private final TensorRtLog log;
    private final boolean fp16;
    private final int maxBatchSize;
    private final long workspaceBytes;

    PlanBuilder(TensorRtLog log, boolean fp16, int maxBatchSize, int workspaceMegabytes) {
        this.log = log;
        this.fp16 = fp16;
        this.maxBatchSize = Math.max(1, maxBatchSize);
        this.workspaceBytes = Math.max(16, workspaceMegabytes) * 1024L * 1024L;
    }

    void build(Path onnx, Path target) throws InferenceException, IOException {
        log.takeErrors();
        IBuilder builder = nvinfer.createInferBuilder(log);
        if (builder == null || builder.isNull()) {
            throw failure("TensorRT could not create a builder");
        }
        INetworkDefinition network = builder.createNetworkV2(0);
        IParser parser = nvonnxparser.createParser(network, log);
        if (!parser.parseFromFile(onnx.toString(), org.bytedeco.tensorrt.nvinfer.ILogger.Severity.kWARNING.value)) {
            StringBuilder errors = new StringBuilder();
            for (int i = 0; i < parser.getNbErrors(); i++) {
                errors.append(i == 0 ? "" : "; ").append(parser.getError(i).desc());
            }
            throw new InferenceException("TensorRT cannot parse " + onnx.getFileName() + ": " + errors, null);
        }
        IBuilderConfig config = builder.createBuilderConfig();
        config.setMemoryPoolLimit(nvinfer.MemoryPoolType.kWORKSPACE, workspaceBytes);
        if (fp16 && builder.platformHasFastFp16()) {
            config.setFlag(nvinfer.BuilderFlag.kFP16);
        }
        IOptimizationProfile profile = builder.createOptimizationProfile();
        for (int i = 0; i < network.getNbInputs(); i++) {
            ITensor input = network.getInput(i);
            Dims64 dims = input.getDimensions();
            for (int d = 1; d < dims.nbDims(); d++) {
                if (dims.d(d) < 0) {
                    throw new InferenceException("Input " + input.getName() + " of " + onnx.getFileName()
                            + " has a dynamic dimension besides the batch; TensorRT plans here fix every other dimension", null);
                }
            }
            profile.setDimensions(input.getName(), nvinfer.OptProfileSelector.kMIN, withBatch(dims, 1));
            profile.setDimensions(input.getName(), nvinfer.OptProfileSelector.kOPT, withBatch(dims, Math.max(1, maxBatchSize / 2)));
            profile.setDimensions(input.getName(), nvinfer.OptProfileSelector.kMAX, withBatch(dims, maxBatchSize));
        }
        config.addOptimizationProfile(profile);
        IHostMemory plan = builder.buildSerializedNetwork(network, config);
        if (plan == null || plan.isNull() || plan.size() == 0) {
            throw failure("TensorRT could not build a plan from " + onnx.getFileName());
        }
        byte[] bytes = new byte[Math.toIntExact(plan.size())];
        new BytePointer(plan.data()).capacity(plan.size()).get(bytes);
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
        try {
            Files.write(partial, bytes);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static Dims64 withBatch(Dims64 dims, long batch) {
        Dims64 shape = new Dims64();
        shape.nbDims(dims.nbDims());
        for (int d = 0; d < dims.nbDims(); d++) {
            shape.d(d, d == 0 && dims.d(0) < 0 ? batch : dims.d(d));
        }
        return shape;
    }

    private InferenceException failure(String what) {
        var errors = log.takeErrors();
        return new InferenceException(what + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)), null);
    }
}
