package io.platewise.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/platewise eval CLIP} of the distribution: the demo clip, decoded by FFmpeg, through a
 * task's pipeline with the default models, against the labels it was rendered with.
 */
class ClipEvaluationIT {

    private static final Path DIST = Path.of(System.getProperty("platewise.dist", "target/platewise"));

    @TempDir
    Path folder;

    private record Run(int exit, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private Run eval(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(DIST.resolve("bin/platewise").toString(), "eval"));
        command.addAll(List.of(arguments));
        Path log = folder.resolve("eval.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Its own data folder (ONNX Runtime's libraries are unpacked there), not the distribution's.
        builder.environment().put("PLATEWISE_DATA", folder.resolve("data").toString());
        Process process = builder.start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "eval did not end within 180 s");
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void theDemoClipGivesOneRightTrackletPerCar() throws Exception {
        Run run = eval(DIST.resolve("demo/demo.mp4").toString());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("6 labelled"), run.output());
        assertEquals("accuracy=100.00 recall=100.00 fp_per_image=n/a extra_tracklets=0", run.lastLine(), run.output());
    }

    /**
     * Cars coming, going and crossing each other's path in a camera-like clip rendered here (48 s, 12 cars): every car
     * keeps its own plate and its heading. Two of them pass each other at 44 s, where the detector boxes the two plates
     * as one and reads a blend; a tracker that compared reads with its last one let the blend carry one car's track onto
     * the other (11 of 12 right, one heading wrong).
     */
    @Test
    void carsComingGoingAndCrossingKeepTheirPlatesAndHeadings() throws Exception {
        Path clip = folder.resolve("mixed.mp4");
        Synth.run(folder.resolve("synth.log"), "demo", clip.toString(), "--seconds", "48", "--seed", "77", "--traffic", "mixed",
                "--sensor-noise", "3");
        Run run = eval(clip.toString());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("headings right      12 of 12 cars as labelled, a car without a tracklet not right"
                + " (approaching 2/2, crossing 8/8, receding 2/2)"),
                run.output());
        assertEquals("accuracy=100.00 recall=100.00 fp_per_image=n/a extra_tracklets=0", run.lastLine(), run.output());
    }

    @Test
    void aCarLabelledOtherwiseCountsAsReadWrong() throws Exception {
        // The same clip, its first car's plate relabelled: that car's tracklet no longer reads as labelled.
        List<String> rows = Files.readAllLines(DIST.resolve("demo/demo.labels.csv"), StandardCharsets.UTF_8);
        String[] header = rows.get(0).split(",");
        int plateColumn = List.of(header).indexOf("plate");
        String first = rows.get(1).split(",")[plateColumn];
        List<String> relabelled = new ArrayList<>();
        for (String row : rows) {
            String[] values = row.split(",", -1);
            if (values[plateColumn].equals(first)) {
                values[plateColumn] = "ZZ999ZZ";
            }
            relabelled.add(String.join(",", values));
        }
        Path labels = Files.write(folder.resolve("relabelled.csv"), relabelled, StandardCharsets.UTF_8);
        Run run = eval(DIST.resolve("demo/demo.mp4").toString(), "--labels", labels.toString());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("cars read wrong     1; cars with no tracklet 0"), run.output());
        assertEquals("accuracy=83.33 recall=100.00 fp_per_image=n/a extra_tracklets=0", run.lastLine(), run.output());
    }

    /**
     * A zone over the road: the detector looks at its area, a third larger than in the whole frame, and its plates must
     * come back where they are in the frame (placed by the area's scale without its origin, they would fall outside the
     * zone or be cut from the wrong pixels). A zone where no car drives keeps none.
     */
    @Test
    void aZoneOverTheRoadKeepsEveryCarAndOneOffItNone() throws Exception {
        Run road = eval(DIST.resolve("demo/demo.mp4").toString(), "--zone", "0.25,0.4,0.75,0.4,0.75,1,0.25,1");
        assertEquals(0, road.exit(), road.output());
        assertEquals("accuracy=100.00 recall=100.00 fp_per_image=n/a extra_tracklets=0", road.lastLine(), road.output());
        Run sky = eval(DIST.resolve("demo/demo.mp4").toString(), "--zone", "0,0,0.3,0,0.3,0.2,0,0.2");
        assertEquals(0, sky.exit(), sky.output());
        assertEquals("accuracy=0.00 recall=0.00 fp_per_image=n/a extra_tracklets=0", sky.lastLine(), sky.output());
        Run bad = eval(DIST.resolve("demo/demo.mp4").toString(), "--zone", "0.5,0.5,1.5,0.5");
        assertEquals(2, bad.exit(), bad.output());
        assertTrue(bad.output().contains("--zone is a polygon x1,y1,x2,y2,x3,y3,... of 3 points or more"), bad.output());
    }

    @Test
    void aClipWithoutLabelsOrNotAVideoOrABadCommandLineIsRefusedSayingWhy() throws Exception {
        Path clip = Files.copy(DIST.resolve("demo/demo.mp4"), folder.resolve("gate.mp4"));
        Run run = eval(clip.toString());
        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("No labels for the clip") && run.output().contains("gate.labels.csv"), run.output());

        Path corrupt = Files.writeString(folder.resolve("corrupt.mp4"), "not a video");
        Files.copy(DIST.resolve("demo/demo.labels.csv"), folder.resolve("corrupt.labels.csv"));
        Run unreadable = eval(corrupt.toString());
        assertEquals(2, unreadable.exit(), unreadable.output());
        assertTrue(unreadable.lastLine().startsWith("Cannot evaluate") && unreadable.lastLine().contains("Not a video FFmpeg can read"),
                unreadable.output());

        // A mistyped command line is told what is wrong with it, not shown a stack trace.
        Run notANumber = eval(DIST.resolve("demo/demo.mp4").toString(), "--threshold", "high");
        assertEquals(2, notANumber.exit(), notANumber.output());
        assertEquals("--threshold takes a number, not 'high'", notANumber.output().strip(), notANumber.output());
        Run unknown = eval(DIST.resolve("demo/demo.mp4").toString(), "--thresh", "0.3");
        assertEquals(2, unknown.exit(), unknown.output());
        assertTrue(unknown.output().startsWith("Unknown option --thresh"), unknown.output());
        Run noValue = eval(DIST.resolve("demo/demo.mp4").toString(), "--fps");
        assertEquals(2, noValue.exit(), noValue.output());
        assertEquals("--fps needs a value", noValue.output().strip(), noValue.output());
    }
}
