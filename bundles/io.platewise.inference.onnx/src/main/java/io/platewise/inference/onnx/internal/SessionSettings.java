package io.platewise.inference.onnx.internal;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The engine's session options, read from its configuration. A value that is not understood does not
 * take the engine down (every task would stop with it): the default is used instead, and {@link #problem()}
 * says which and why, for /api/health.
 */
record SessionSettings(OrtSession.SessionOptions.OptLevel optimizationLevel, int interOpThreads, boolean allowSpinning,
        Optional<String> problem) {

    static final SessionSettings DEFAULTS = new SessionSettings(OrtSession.SessionOptions.OptLevel.ALL_OPT, 1, true, Optional.empty());

    /** The configuration's words for ONNX Runtime's levels. */
    private static final Map<String, OrtSession.SessionOptions.OptLevel> LEVELS = Map.of("all", OrtSession.SessionOptions.OptLevel.ALL_OPT,
            "extended", OrtSession.SessionOptions.OptLevel.EXTENDED_OPT, "basic", OrtSession.SessionOptions.OptLevel.BASIC_OPT, "none",
            OrtSession.SessionOptions.OptLevel.NO_OPT);
    private static final Map<OrtSession.SessionOptions.OptLevel, String> WORDS = LEVELS.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));
    /** More threads than this for a graph's branches is a typing slip: our graphs have a handful of branches at most. */
    static final int MAX_INTER_OP_THREADS = 64;

    static SessionSettings of(OnnxRuntimeConfiguration configuration) {
        StringBuilder problems = new StringBuilder();
        String level = configuration.optimizationLevel().trim().toLowerCase(Locale.ROOT);
        OrtSession.SessionOptions.OptLevel optimization = LEVELS.get(level);
        if (optimization == null) {
            optimization = DEFAULTS.optimizationLevel();
            problems.append("optimizationLevel '").append(configuration.optimizationLevel())
                    .append("' is not one of all, extended, basic, none: all is used");
        }
        int interOp = configuration.interOpThreads();
        if (interOp < 1 || interOp > MAX_INTER_OP_THREADS) {
            problems.append(problems.isEmpty() ? "" : "; ").append("interOpThreads must be between 1 and ").append(MAX_INTER_OP_THREADS)
                    .append(", not ").append(interOp).append(": 1 is used");
            interOp = DEFAULTS.interOpThreads();
        }
        return new SessionSettings(optimization, interOp, configuration.allowSpinning(),
                problems.isEmpty() ? Optional.empty() : Optional.of(problems.toString()));
    }

    /** Options for a session whose operators may use {@code intraOpThreads} threads each. */
    OrtSession.SessionOptions options(int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
            options.setInterOpNumThreads(interOpThreads);
            // ONNX Runtime only uses its inter-op threads when it runs a graph's branches in parallel.
            options.setExecutionMode(interOpThreads > 1 ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
                    : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(optimizationLevel);
            if (!allowSpinning) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /** In plain words, for health. */
    String describe() {
        return "optimization " + WORDS.get(optimizationLevel) + ", " + interOpThreads + " inter-op thread" + (interOpThreads == 1 ? "" : "s") + ", spinning "
                + (allowSpinning ? "on" : "off");
    }
}
