package io.platewise.filestore.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Platewise file store", description = "Where images and other files are kept.")
@interface FileStoreConfiguration {

    @AttributeDefinition(description = "Folder of the store. Empty means 'files' under the data folder.")
    String folder() default "";

    @AttributeDefinition(description = "Free disk space, in MiB, below which writes are refused and health reports DOWN. "
            + "Health reports DEGRADED below twice this value.")
    long reserveMegabytes() default 256;
}
