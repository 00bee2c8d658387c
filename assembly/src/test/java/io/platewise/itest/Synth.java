package io.platewise.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The synthetic plate generator (tools/platewise-synth, on the tests' class path), run as its own process as the build runs it. */
final class Synth {

    private Synth() {
    }

    /** Runs {@code synth ARGUMENTS...} (such as {@code scenes FOLDER --count 4}), its output in the log; fails the test if it fails. */
    static void run(Path log, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                "io.platewise.synth.SynthMain"));
        command.addAll(List.of(arguments));
        Process synth = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(synth.waitFor(120, TimeUnit.SECONDS) && synth.exitValue() == 0, Files.readString(log));
    }
}
