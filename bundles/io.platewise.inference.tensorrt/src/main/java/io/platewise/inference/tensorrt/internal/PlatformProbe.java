package io.platewise.inference.tensorrt.internal;

import java.util.Locale;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.global.nvonnxparser;

/**
 * Finds out, once, whether TensorRT can run here: the NVIDIA driver, the CUDA runtime, a device,
 * TensorRT's runtime, and separately whether its builder (ONNX parser and per-architecture builder
 * resources) is complete enough to make plans. Each missing piece gives a sentence for /api/health.
 */
final class PlatformProbe {

    /** Either a platform, or why there is none. */
    record Result(GpuPlatform platform, String problem) {
    }

    private final NativeLibraries libraries;

    PlatformProbe(NativeLibraries libraries) {
        this.libraries = libraries;
    }

    Result probe(int device) {
        if (libraries.find("libcuda.so.1").isEmpty()) {
            return new Result(null, "no NVIDIA driver here (libcuda.so.1 is on neither LD_LIBRARY_PATH nor the system library folders)");
        }
        if (libraries.find("libnvinfer.so.10").isEmpty()) {
            return new Result(null, "TensorRT 10 is not installed (libnvinfer.so.10 is on neither LD_LIBRARY_PATH nor the system "
                    + "library folders); install it, or point LD_LIBRARY_PATH at its lib folder");
        }
        try {
            Loader.load(cudart.class);
        } catch (Throwable e) { // UnsatisfiedLinkError and the NoClassDefFoundError that follows it
            return new Result(null, "the CUDA runtime did not load: " + e);
        }
        int[] value = new int[1];
        int status = cudart.cudaGetDeviceCount(value);
        if (status != cudart.cudaSuccess) {
            return new Result(null, "CUDA finds no usable GPU: " + cudart.cudaGetErrorString(status).getString());
        }
        if (device < 0 || device >= value[0]) {
            return new Result(null, "CUDA device " + device + " does not exist; this host has " + value[0]);
        }
        int[] major = new int[1];
        int[] minor = new int[1];
        cudart.cudaDeviceGetAttribute(major, cudart.cudaDevAttrComputeCapabilityMajor, device);
        cudart.cudaDeviceGetAttribute(minor, cudart.cudaDevAttrComputeCapabilityMinor, device);
        String architecture = "sm_" + major[0] + minor[0];
        cudart.cudaRuntimeGetVersion(value);
        String runtime = cudaVersion(value[0]);
        cudart.cudaDriverGetVersion(value);
        String driver = cudaVersion(value[0]);
        String tensorrt;
        try {
            Loader.load(nvinfer.class);
            tensorrt = tensorrtVersion(nvinfer.getInferLibVersion());
        } catch (Throwable e) {
            return new Result(null, "TensorRT did not load: " + e);
        }
        return new Result(new GpuPlatform(device, architecture, tensorrt, runtime, driver, builderProblem(architecture, tensorrt)), null);
    }

    /**
     * The redist jars of TensorRT on Maven Central have the runtime but not the builder resources,
     * so a host can run plans without being able to make them.
     */
    private String builderProblem(String architecture, String tensorrt) {
        String resource = "libnvinfer_builder_resource_" + architecture.replace("_", "") + ".so";
        if (libraries.findStartingWith(resource).isEmpty()) {
            return resource + "." + tensorrt + " is missing (a runtime-only TensorRT, such as the redist jars, cannot build plans)";
        }
        if (libraries.find("libnvonnxparser.so.10").isEmpty()) {
            return "TensorRT's ONNX parser (libnvonnxparser.so.10) is not installed";
        }
        try {
            Loader.load(nvonnxparser.class);
        } catch (Throwable e) {
            return "TensorRT's ONNX parser did not load: " + e;
        }
        return null;
    }

    /** CUDA writes 13000 for 13.0. */
    static String cudaVersion(int version) {
        return String.format(Locale.ROOT, "%d.%d", version / 1000, version % 1000 / 10);
    }

    /** TensorRT 10 writes 101501 for 10.15.1 (major * 10000 + minor * 100 + patch). */
    static String tensorrtVersion(int version) {
        return String.format(Locale.ROOT, "%d.%d.%d", version / 10000, version / 100 % 100, version % 100);
    }
}
