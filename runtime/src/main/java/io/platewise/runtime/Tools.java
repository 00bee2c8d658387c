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
 * {@code bin/platewise bench SUITE} and {@code bin/platewise eval}: commands that run the production
 * code of the distribution's bundles on a plain class loader (no framework, no HTTP).
 */
final class Tools {

    /** The bundles a decode benchmark needs: our video code, its API and FFmpeg through JavaCPP. */
    private static final Set<String> DECODE_ARTIFACTS = Set.of("io.platewise.video", "io.platewise.core",
            "io.platewise.natives.ffmpeg", "javacpp");
    /** The bundles the evaluation needs: the reader stage, ONNX Runtime and their APIs. */
    private static final Set<String> EVAL_ARTIFACTS = Set.of("io.platewise.recognition", "io.platewise.recognition.api",
            "io.platewise.inference.onnx", "io.platewise.natives.onnxruntime", "io.platewise.core", "io.platewise.video");

    private Tools() {
    }

    static int bench(Path home, List<String> arguments, PrintStream out) throws Exception {
        if (arguments.isEmpty() || !arguments.get(0).equals("decode")) {
            out.println("Usage: platewise bench decode [--seconds N] [--passes N] [--folder DIR] [--clip FILE]...\n"
                    + "  decode   frames/s per core of decoding alone (the ceiling of the recognition pipeline),\n"
                    + "           720p and 1080p H.264, with and without sampling");
            return arguments.isEmpty() ? 2 : (arguments.get(0).equals("help") ? 0 : 2);
        }
        Settings settings = Settings.load(home, System.getenv(), System.getProperties());
        Path data = Path.of(settings.get("platewise.data", home.resolve("data").toString()));
        try (URLClassLoader loader = loader(home, settings, DECODE_ARTIFACTS)) {
            Class<?> benchmark = loader.loadClass("io.platewise.video.internal.DecodeBenchmark");
            Method run = benchmark.getMethod("run", List.class, Path.class, PrintStream.class);
            return within(loader, () -> (Integer) run.invoke(null, arguments.subList(1, arguments.size()), data, out));
        }
    }

    /** {@code bin/platewise eval DATASET_DIR --reader MODEL [--json OUT.json]}. */
    static int eval(Path home, List<String> arguments, PrintStream out) throws Exception {
        Settings settings = Settings.load(home, System.getenv(), System.getProperties());
        try (URLClassLoader loader = loader(home, settings, EVAL_ARTIFACTS)) {
            Class<?> engineType = loader.loadClass("io.platewise.recognition.api.InferenceEngine");
            Object engine = loader.loadClass("io.platewise.inference.onnx.internal.OnnxRuntimeEngine").getConstructor().newInstance();
            Method run = loader.loadClass("io.platewise.recognition.internal.evaluation.ReaderEvaluation")
                    .getMethod("run", List.class, PrintStream.class, engineType);
            return within(loader, () -> (Integer) run.invoke(null, arguments, out, engine));
        }
    }

    private interface Call {
        Integer call() throws Exception;
    }

    private static int within(ClassLoader loader, Call call) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static URLClassLoader loader(Path home, Settings settings, Set<String> artifacts) throws Exception {
        List<String> features = List.of(settings.get("platewise.features", "core").split("\\s*,\\s*"));
        List<URL> jars = new ArrayList<>();
        for (FeatureBundle bundle : new Features(home.resolve("features")).bundlesOf(features)) {
            if (artifacts.contains(bundle.artifactId())) {
                jars.add(bundle.pathIn(home.resolve("bundles")).toUri().toURL());
            }
        }
        return new URLClassLoader(jars.toArray(URL[]::new), Tools.class.getClassLoader());
    }
}
