package io.platewise.runtime;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code bin/platewise bench SUITE [options]}: benchmarks that run the production code of the
 * distribution's bundles on a plain class loader (no framework, no HTTP), and print a table.
 */
final class Bench {

    /** The bundles a decode benchmark needs: our video code, its API and FFmpeg through JavaCPP. */
    private static final Set<String> DECODE_ARTIFACTS = Set.of("io.platewise.video", "io.platewise.core",
            "io.platewise.natives.ffmpeg", "javacpp");

    private Bench() {
    }

    static int run(Path home, List<String> arguments, PrintStream out) throws Exception {
        if (arguments.isEmpty() || !arguments.get(0).equals("decode")) {
            out.println("Usage: platewise bench decode [--seconds N] [--passes N] [--folder DIR] [--clip FILE]...\n"
                    + "  decode   frames/s per core of decoding alone (the ceiling of the recognition pipeline),\n"
                    + "           720p and 1080p H.264, with and without sampling");
            return arguments.isEmpty() ? 2 : (arguments.get(0).equals("help") ? 0 : 2);
        }
        Settings settings = Settings.load(home, System.getenv(), System.getProperties());
        Path data = Path.of(settings.get("platewise.data", home.resolve("data").toString()));
        List<String> features = List.of(settings.get("platewise.features", "core").split("\\s*,\\s*"));
        List<URL> jars = new ArrayList<>();
        for (FeatureBundle bundle : new Features(home.resolve("features")).bundlesOf(features)) {
            if (DECODE_ARTIFACTS.contains(bundle.artifactId())) {
                jars.add(bundle.pathIn(home.resolve("bundles")).toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), Bench.class.getClassLoader())) {
            Class<?> benchmark = loader.loadClass("io.platewise.video.internal.DecodeBenchmark");
            Method run = benchmark.getMethod("run", List.class, Path.class, PrintStream.class);
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                return (Integer) run.invoke(null, arguments.subList(1, arguments.size()), data, out);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }
}
