package io.platewise.runtime;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/platewise bench SUITE} and {@code bin/platewise eval}: commands that run the production
 * code of the distribution's bundles on a plain class loader (no framework, no HTTP).
 */
final class Tools {

    /** The bundles a decode benchmark needs: our video code, its API and FFmpeg through JavaCPP. */
    private static final Set<String> DECODE_ARTIFACTS = Set.of("io.platewise.video", "io.platewise.core",
            "io.platewise.natives.ffmpeg", "javacpp");
    /**
     * The bundles the evaluation and the pipeline benchmark need: the recognition stages, ONNX Runtime
     * and their APIs, and the decoding (a clip is decoded by FFmpeg as a camera's video is; its
     * libraries load only when a clip is read).
     */
    private static final Set<String> EVAL_ARTIFACTS = java.util.stream.Stream.concat(DECODE_ARTIFACTS.stream(),
            java.util.stream.Stream.of("io.platewise.recognition", "io.platewise.recognition.api", "io.platewise.inference.onnx",
                    "io.platewise.natives.onnxruntime", "io.platewise.models", "commons-compress", "commons-io", "commons-lang3"))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** The bundles the tracklet search benchmark needs: the tracklet store, its API and the embedded database. */
    private static final Set<String> TRACKLET_ARTIFACTS = Set.of("io.platewise.recognition", "io.platewise.recognition.api",
            "hsqldb", "jackson-datatype-jsr310");

    private Tools() {
    }

    static int bench(Path home, List<String> arguments, PrintStream out) throws Exception {
        if (!arguments.isEmpty() && arguments.get(0).equals("pipeline")) {
            return benchPipeline(home, arguments.subList(1, arguments.size()), out);
        }
        if (!arguments.isEmpty() && arguments.get(0).equals("tracklets")) {
            return benchTracklets(home, arguments.subList(1, arguments.size()), out);
        }
        if (arguments.isEmpty() || !arguments.get(0).equals("decode")) {
            out.println("Usage: platewise bench decode [--seconds N] [--passes N] [--folder DIR] [--clip FILE]...\n"
                    + "       platewise bench pipeline [--clip FILE] [--detector MODEL] [--baseline-detector MODEL] [--reader MODEL] [--fps 5]\n"
                    + "                                [--max-streams 8] [--views 3]\n"
                    + "       platewise bench tracklets [--tracklets 100000]\n"
                    + "  decode    frames/s per core of decoding alone (the ceiling of the recognition pipeline),\n"
                    + "            720p and 1080p H.264, with and without sampling\n"
                    + "  pipeline  the recognition pipeline on the 720p demo clip against decoding alone: frames/s,\n"
                    + "            per-stage times, latency, concurrent real-time streams and heap per stream\n"
                    + "  tracklets operators' tracklet searches on the embedded database holding that many tracklets,\n"
                    + "            against the first schema's, in the same run");
            return arguments.isEmpty() ? 2 : (arguments.get(0).equals("help") ? 0 : 2);
        }
        Settings settings = Settings.load(home, System.getenv(), System.getProperties());
        Path data = dataFolder(home, settings);
        try (URLClassLoader loader = loader(home, settings, DECODE_ARTIFACTS)) {
            Class<?> benchmark = loader.loadClass("io.platewise.video.internal.DecodeBenchmark");
            Method run = benchmark.getMethod("run", List.class, Path.class, PrintStream.class);
            return within(loader, arguments, out, () -> (Integer) run.invoke(null, arguments.subList(1, arguments.size()), data, out));
        }
    }

    /**
     * {@code bin/platewise eval DATASET_DIR [--detector MODEL] [--reader MODEL] [--json OUT.json]}; the
     * models default to the packages shipped in {@code defaults/models}.
     */
    static int eval(Path home, List<String> given, PrintStream out) throws Exception {
        Settings settings = Settings.load(home, System.getenv(), System.getProperties());
        List<String> arguments = given.isEmpty() ? given : withDefaultModels(home, given);
        try (URLClassLoader loader = loader(home, settings, EVAL_ARTIFACTS)) {
            Class<?> engineType = loader.loadClass("io.platewise.recognition.api.InferenceEngine");
            Object engine = onnxRuntime(loader, home, settings);
            Method run = loader.loadClass("io.platewise.recognition.internal.evaluation.ReaderEvaluation")
                    .getMethod("run", List.class, PrintStream.class, engineType);
            return within(loader, arguments, out, () -> (Integer) run.invoke(null, arguments, out, engine));
        }
    }

    private static int benchTracklets(Path home, List<String> arguments, PrintStream out) throws Exception {
        Settings settings = Settings.load(home, System.getenv(), System.getProperties());
        Path data = dataFolder(home, settings);
        try (URLClassLoader loader = loader(home, settings, TRACKLET_ARTIFACTS)) {
            Method run = loader.loadClass("io.platewise.recognition.internal.tracklets.TrackletQueryBenchmark")
                    .getMethod("run", List.class, Path.class, PrintStream.class);
            return within(loader, arguments, out, () -> (Integer) run.invoke(null, arguments, data, out));
        }
    }

    private static int benchPipeline(Path home, List<String> given, PrintStream out) throws Exception {
        Settings settings = Settings.load(home, System.getenv(), System.getProperties());
        List<String> arguments = withDefaultModels(home, given);
        try (URLClassLoader loader = loader(home, settings, EVAL_ARTIFACTS)) {
            Class<?> engineType = loader.loadClass("io.platewise.recognition.api.InferenceEngine");
            Object engine = onnxRuntime(loader, home, settings);
            Method run = loader.loadClass("io.platewise.recognition.internal.evaluation.PipelineBenchmark")
                    .getMethod("run", List.class, Path.class, PrintStream.class, engineType);
            Path clip = home.resolve("demo").resolve("demo.mp4");
            return within(loader, arguments, out, () -> (Integer) run.invoke(null, arguments, clip, out, engine));
        }
    }

    /** The server's engine, loading its native libraries from where the server keeps them under the data folder. */
    private static Object onnxRuntime(ClassLoader loader, Path home, Settings settings) throws ReflectiveOperationException {
        return loader.loadClass("io.platewise.inference.onnx.internal.OnnxRuntimeEngine").getConstructor(Path.class)
                .newInstance(dataFolder(home, settings).resolve("natives"));
    }

    /** The server's data folder, as the server resolves it (config, environment, -D), else data/ under home. */
    private static Path dataFolder(Path home, Settings settings) {
        return Path.of(settings.get("platewise.data", home.resolve("data").toString()));
    }

    /**
     * The arguments, with --detector and --reader added for the shipped packages when not given: the
     * models a task on the CPU runs when it names none (these tools run ONNX Runtime on the CPU). They
     * go first, so that an option given last without its value is told so rather than taking them.
     */
    private static List<String> withDefaultModels(Path home, List<String> given) throws java.io.IOException {
        List<String> defaultModels = new java.util.ArrayList<>();
        Map<String, String> defaults = Map.of("detector", "platewise-detector-int8", "reader", "platewise-reader-int8");
        for (String stage : List.of("detector", "reader")) {
            if (!given.contains("--" + stage)) {
                java.util.Optional<Path> found = defaultPackage(home, defaults.get(stage));
                if (found.isPresent()) {
                    defaultModels.add("--" + stage);
                    defaultModels.add(found.get().toString());
                }
            }
        }
        List<String> arguments = new java.util.ArrayList<>(defaultModels);
        arguments.addAll(given);
        return arguments;
    }

    private static java.util.Optional<Path> defaultPackage(Path home, String name) throws java.io.IOException {
        Path folder = home.resolve("defaults").resolve("models");
        if (!java.nio.file.Files.isDirectory(folder)) {
            return java.util.Optional.empty();
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
            // NAME-VERSION.tar, where the version starts with a digit: platewise-detector-0.2.0.tar is not platewise-detector-int8's.
            java.util.regex.Pattern packageName = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(name) + "-[0-9][^/]*\\.tar");
            return files.filter(p -> packageName.matcher(p.getFileName().toString()).matches()).sorted()
                    .reduce((first, second) -> second);
        }
    }

    private interface Call {
        Integer call() throws Exception;
    }

    /**
     * Runs a tool with the loader as the thread's context loader. Where it failed reading its command line (an option's
     * value that is not a number, an option given last without one), it says so and returns 2, as for other bad
     * arguments, instead of a stack trace.
     */
    private static int within(ClassLoader loader, List<String> arguments, PrintStream out, Call call) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return call.call();
        } catch (java.lang.reflect.InvocationTargetException e) {
            java.util.Optional<String> problem = commandLineProblem(arguments, e.getCause());
            if (problem.isPresent()) {
                out.println(problem.get());
                return 2;
            }
            throw e;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * What is wrong with the command line, when a tool failed with this while reading it: a number it could not parse
     * that is the value of an option ({@code --threshold high}), or an index past the end with an option last (its
     * value left out). Empty for any other failure, which is the tool's to report.
     */
    static java.util.Optional<String> commandLineProblem(List<String> arguments, Throwable failure) {
        if (failure instanceof NumberFormatException) {
            // The JDK's parsers name the text: For input string: "high"
            java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("\"(.*)\"").matcher(String.valueOf(failure.getMessage()));
            String value = quoted.find() ? quoted.group(1) : "";
            for (int i = 1; i < arguments.size(); i++) {
                if (arguments.get(i).equals(value) && arguments.get(i - 1).startsWith("--")) {
                    return java.util.Optional.of(arguments.get(i - 1) + " takes a number, not '" + value + "'");
                }
            }
            return java.util.Optional.empty();
        }
        if (failure instanceof IndexOutOfBoundsException && !arguments.isEmpty() && arguments.get(arguments.size() - 1).startsWith("--")) {
            return java.util.Optional.of(arguments.get(arguments.size() - 1) + " needs a value");
        }
        return java.util.Optional.empty();
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
