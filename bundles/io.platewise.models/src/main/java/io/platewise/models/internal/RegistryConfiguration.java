package io.platewise.models.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Platewise model registry", description = "Where models are kept and how much room they may take.")
@interface RegistryConfiguration {

    @AttributeDefinition(description = "Folder of installed models. Empty means 'models' in the distribution.")
    String folder() default "";

    @AttributeDefinition(description = "Folder of model packages (.tar) installed at start when no model of their name is "
            + "installed, such as the default detector and reader. Empty means 'defaults/models' in the distribution.")
    String defaultPackagesFolder() default "";

    @AttributeDefinition(description = "Storage quota for installed models on this host, in MiB")
    long quotaMegabytes() default 2048;

    @AttributeDefinition(description = "Largest package upload, in MiB")
    long maxPackageMegabytes() default 1024;

    @AttributeDefinition(description = "Largest unpacked package, in MiB (against decompression bombs)")
    long maxUnpackedMegabytes() default 2048;

    @AttributeDefinition(description = "Most entries in a package")
    int maxFiles() default 200;
}
