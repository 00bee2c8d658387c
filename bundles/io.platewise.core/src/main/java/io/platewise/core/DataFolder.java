package io.platewise.core;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/**
 * Where the server keeps its data: the framework property {@value #PROPERTY} that the launcher sets,
 * else {@code data} under the working folder. Bundles that store files put them in a folder of
 * their own under it unless their configuration names one.
 */
public final class DataFolder {

    public static final String PROPERTY = "platewise.data";

    private DataFolder() {
    }

    public static Path of(BundleContext context) {
        String data = context.getProperty(PROPERTY);
        return Path.of(data == null || data.isBlank() ? "data" : data);
    }

    /** The configured folder when there is one, else {@code child} under the data folder. */
    public static Path configuredOr(String configured, BundleContext context, String child) {
        return configured == null || configured.isBlank() ? of(context).resolve(child) : Path.of(configured);
    }
}
