package io.platewise.recognition.internal.tracklets;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Platewise tracklet retention", description = "How long stored tracklets and their images are kept.")
@interface TrackletRetentionConfiguration {

    @AttributeDefinition(description = "Tracklets that started more than this many days ago are deleted, with their images; 0 keeps them whatever their age")
    int days() default 30;

    @AttributeDefinition(description = "While the disk of the file store has less free space than this, in MiB, the oldest tracklets are "
            + "deleted; 0 never deletes for space. Keep it above the file store's reserve, below which new images are refused")
    long keepFreeMegabytes() default 1024;

    @AttributeDefinition(description = "Seconds between two runs; the first runs one interval after the start, and at most a minute after it")
    int intervalSeconds() default 600;
}
