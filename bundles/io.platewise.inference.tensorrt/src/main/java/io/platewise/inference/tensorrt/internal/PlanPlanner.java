package io.platewise.inference.tensorrt.internal;

import io.platewise.recognition.api.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Chooses how a model runs, in the order that costs least: the package's prebuilt plan when it was
 * made for this GPU and TensorRT, else a plan built here before (cached by model hash, GPU
 * architecture, TensorRT version, precision and batch size), else a new build where the builder
 * works, else ONNX Runtime with the reason. No GPU work happens here.
 */
final class PlanPlanner {

    private final Path cacheFolder;
    private final boolean fp16;
    private final int maxBatchSize;

    PlanPlanner(Path cacheFolder, boolean fp16, int maxBatchSize) {
        this.cacheFolder = cacheFolder;
        this.fp16 = fp16;
        this.maxBatchSize = maxBatchSize;
    }

    /**
     * @param platform  the GPU and TensorRT found here, or null when there is none
     * @param problem   why there is no platform (ignored when there is one)
     */
    PlanChoice choose(ModelSource model, GpuPlatform platform, String problem) throws IOException {
        List<String> passedOver = new ArrayList<>();
        if (platform == null) {
            return new PlanChoice.Fallback(problem, passedOver);
        }
        for (ModelSource.PrebuiltPlan plan : model.prebuiltPlans()) {
            String label = "plan " + plan.file().getFileName() + " (" + plan.gpuArchitecture() + ", TensorRT " + plan.tensorrtVersion() + ")";
            if (!platform.runs(plan.gpuArchitecture(), plan.tensorrtVersion())) {
                passedOver.add(label + ": made for another GPU or TensorRT than " + platform.architecture() + " and "
                        + platform.tensorrtVersion());
            } else if (!Files.isRegularFile(plan.file())) {
                passedOver.add(label + ": missing from the package");
            } else if (plan.sha256() != null && !plan.sha256().equalsIgnoreCase(sha256(plan.file()))) {
                passedOver.add(label + ": its SHA-256 does not match the descriptor");
            } else {
                return new PlanChoice.Prebuilt(plan.file(), passedOver);
            }
        }
        Path cached = cacheFile(model, platform);
        if (Files.isRegularFile(cached)) {
            return new PlanChoice.Cached(cached, passedOver);
        }
        if (platform.canBuild()) {
            return new PlanChoice.Build(cached, passedOver);
        }
        String reason = "no plan for " + platform.architecture() + " and TensorRT " + platform.tensorrtVersion()
                + (model.prebuiltPlans().isEmpty() ? " ships with the model" : " among the model's plans")
                + ", and none can be built here: " + platform.builderProblem();
        return new PlanChoice.Fallback(reason, passedOver);
    }

    /**
     * The cache file of a model's plan: everything that makes a plan unusable elsewhere is in the
     * name, so that a new driver, TensorRT or model never loads a stale plan.
     */
    Path cacheFile(ModelSource model, GpuPlatform platform) throws IOException {
        return cacheFolder.resolve(cacheName(model, platform));
    }

    String cacheName(ModelSource model, GpuPlatform platform) throws IOException {
        String hash = model.onnxSha256() != null && model.onnxSha256().length() >= 16 ? model.onnxSha256() : sha256(model.onnx());
        return String.format(Locale.ROOT, "%s-%s-trt%s-%s-b%d.plan", hash.substring(0, 16).toLowerCase(Locale.ROOT),
                platform.architecture(), platform.tensorrtVersion(), fp16 ? "fp16" : "fp32", maxBatchSize);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
    }
}
