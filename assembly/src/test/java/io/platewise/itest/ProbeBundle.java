package io.platewise.itest;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/** Builds the probe bundle (package io.platewise.itest.probe) with bnd, in any version. */
final class ProbeBundle {

    private ProbeBundle() {
    }

    static Path build(Path folder, String version) throws Exception {
        Path target = folder.resolve("probe-" + version + ".jar");
        try (Builder builder = new Builder()) {
            // Named like a third party's bundle, which is what deploy/ is for.
            builder.setProperty("Bundle-SymbolicName", "com.example.probe");
            builder.setProperty("Bundle-Version", version);
            builder.setProperty("Private-Package", "io.platewise.itest.probe");
            builder.setProperty("-dsannotations", "*");
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (new File(entry).exists()) {
                    builder.addClasspath(new File(entry));
                }
            }
            Jar jar = builder.build();
            if (!builder.getErrors().isEmpty()) {
                throw new IllegalStateException("bnd could not build the probe bundle: " + builder.getErrors());
            }
            jar.write(target.toFile());
        }
        return target;
    }

    /**
     * Waits up to 30 s for {@code GET probe/version} to answer {@code status} (200 once the probe is
     * up, 404 once it is gone), and returns the status it answers last, for the caller to assert.
     */
    static int awaitVersionStatus(Api api, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int last;
        while ((last = api.get("probe/version").status()) != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return last;
    }

    /** Drops a bundle into deploy/ atomically, so File Install never reads a half-written jar. */
    static void deploy(Path bundle, Path deployFolder, String name) throws Exception {
        Path staging = deployFolder.resolveSibling(name + ".staging");
        Files.copy(bundle, staging, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, deployFolder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
