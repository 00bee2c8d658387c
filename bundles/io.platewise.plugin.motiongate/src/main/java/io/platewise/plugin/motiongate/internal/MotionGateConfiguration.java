package io.platewise.plugin.motiongate.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Platewise motion gate", description = "Skips recognition on frames where nothing moves.")
@interface MotionGateConfiguration {

    @AttributeDefinition(description = "Mean absolute grey-level change (0-255) between two frames' thumbnails below which a frame is still")
    double threshold() default 1.5;

    @AttributeDefinition(description = "Let a frame through at least this often (ms) even when still, so that tracks of parked cars end")
    long maxSkipMillis() default 2000;
}
