package io.platewise.recognition.internal.tasks;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Platewise LPR tasks", description = "How tasks run their pipelines.")
@interface TaskManagerConfiguration {

    @AttributeDefinition(description = "Camera of a 'demo' task created at the first start, when no task exists yet; empty for none")
    String demoCamera() default "";

    @AttributeDefinition(description = "Threads each model session of a task may use (1 suits many cameras on few cores)")
    int inferenceThreads() default 1;

    @AttributeDefinition(description = "How long a model change waits for the swap's outcome before answering, in seconds")
    int swapWaitSeconds() default 10;
}
