package io.platewise.inference.onnx.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Platewise ONNX Runtime engine",
        description = "Session options of the models that run on ONNX Runtime on the CPU. A change applies to the sessions opened "
                + "after it: a task's next start or model change.")
@interface OnnxRuntimeConfiguration {

    @AttributeDefinition(description = "How far ONNX Runtime rewrites a graph before running it: all (the default), extended, basic or none")
    String optimizationLevel() default "all";

    @AttributeDefinition(description = "Threads that run a graph's independent branches at once; 1 runs them in turn, which suits "
            + "many cameras on few cores (the threads within one operator are the tasks' inferenceThreads)")
    int interOpThreads() default 1;

    @AttributeDefinition(description = "Whether ONNX Runtime's idle worker threads spin for work: quicker for a task with several "
            + "inferenceThreads on a machine of its own, CPU burnt for nothing with many cameras")
    boolean allowSpinning() default true;
}
