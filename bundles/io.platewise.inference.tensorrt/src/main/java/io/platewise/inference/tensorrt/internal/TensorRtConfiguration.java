package io.platewise.inference.tensorrt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Platewise TensorRT engine",
        description = "GPU inference with TensorRT; models it cannot run on the GPU run on ONNX Runtime, and /api/health says why.")
@interface TensorRtConfiguration {

    @AttributeDefinition(description = "CUDA device index.")
    int device() default 0;

    @AttributeDefinition(description = "Folder of the plans built here from ONNX, keyed by model hash, GPU architecture, "
            + "TensorRT version, precision and batch size. Empty means 'tensorrt-plans' under the data folder.")
    String planCache() default "";

    @AttributeDefinition(description = "Build plans with FP16 kernels where the GPU has fast FP16.")
    boolean fp16() default true;

    @AttributeDefinition(description = "Largest batch the optimization profile of a built plan accepts; "
            + "also the batch that cameras sharing a model are grouped into.")
    int maxBatchSize() default 8;

    @AttributeDefinition(description = "Builder workspace limit, in MiB.")
    int workspaceMegabytes() default 1024;
}
