package io.platewise.inference.tensorrt.internal;

/**
 * The GPU and TensorRT found at activation.
 *
 * @param device           CUDA device index
 * @param architecture     compute capability as NVIDIA names it in file names, such as {@code sm_90}
 * @param tensorrtVersion  of the loaded libnvinfer, such as {@code 10.15.1}
 * @param cudaRuntime      such as {@code 13.0}
 * @param cudaDriver       the newest CUDA version the driver supports, such as {@code 13.0}
 * @param builderProblem   null when plans can be built from ONNX here, else why not
 */
record GpuPlatform(int device, String architecture, String tensorrtVersion, String cudaRuntime, String cudaDriver,
        String builderProblem) {

    boolean canBuild() {
        return builderProblem == null;
    }

    /**
     * Whether a plan made for {@code planVersion} loads in this TensorRT: the same release, where a
     * plan's version of two parts ({@code 10.15}) stands for any patch release of it.
     */
    boolean runs(String planArchitecture, String planVersion) {
        if (!architecture.equals(planArchitecture) || planVersion == null || planVersion.isBlank()) {
            return false;
        }
        String[] wanted = planVersion.trim().split("\\.");
        String[] have = tensorrtVersion.split("\\.");
        if (wanted.length < 2 || wanted.length > have.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (!wanted[i].equals(have[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "TensorRT " + tensorrtVersion + " on CUDA device " + device + " (" + architecture + "), CUDA runtime "
                + cudaRuntime + ", driver " + cudaDriver;
    }
}
