package io.platewise.itest.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Stands for a library that registers a JVM shutdown hook (ONNX Runtime does, to release its native
 * environment): it leaves a file in the data folder when its hook runs, and another when the
 * framework deactivates it, so a test can see what ran on SIGTERM.
 */
@Component(immediate = true)
public class ShutdownHookProbe {

    private final Path data;
    private final Thread hook;

    @Activate
    public ShutdownHookProbe(BundleContext context) {
        data = Path.of(context.getProperty("platewise.data"));
        hook = new Thread(() -> write("probe-shutdown-hook-ran"), "probe-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        write("probe-deactivated");
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is ending already: the hook runs (or ran), which the file says.
        }
    }

    private void write(String name) {
        try {
            Files.writeString(data.resolve(name), "yes\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
