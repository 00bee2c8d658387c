package io.platewise.recognition.internal.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The models a task runs when it names none: the 8-bit detector and reader on the CPU, the float ones elsewhere. */
class TaskDefinitionTest {

    private static TaskDefinition task(String detector, String engine) {
        return new TaskDefinition("t", null, "cam", detector, null, engine, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)
                .withDefaults();
    }

    @Test
    void aTaskOnTheCpuRunsTheEightBitModels() {
        TaskDefinition task = task(null, null);
        assertEquals("onnxruntime-cpu", task.engine());
        assertEquals("platewise-detector-int8", task.detectorModel());
        assertEquals("platewise-reader-int8", task.readerModel());
        assertEquals("", task.country(), "no country: the task's own templates alone");
    }

    @Test
    void aTaskOnTensorRtRunsTheFloatModels() {
        assertEquals("platewise-detector", task(null, "tensorrt").detectorModel());
        assertEquals("platewise-reader", task(null, "tensorrt").readerModel());
    }

    @Test
    void aNamedDetectorIsKeptOnEveryEngine() {
        assertEquals("platewise-detector", task("platewise-detector", "onnxruntime-cpu").detectorModel());
        assertEquals("detector-eu", task("detector-eu", "tensorrt").detectorModel());
    }

    @Test
    void aNamedReaderIsKeptOnEveryEngine() {
        TaskDefinition floatOnTheCpu = new TaskDefinition("t", null, "cam", null, "platewise-reader", "onnxruntime-cpu", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null).withDefaults();
        assertEquals("platewise-reader", floatOnTheCpu.readerModel());
        assertEquals("platewise-detector-int8", floatOnTheCpu.detectorModel(), "the detector left out still takes the engine's default");
    }

    @Test
    void theViewHidesAWebhookSecretAndNothingElse() {
        TaskDefinition signed = new TaskDefinition("t", null, "cam", null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, "https://vms.example.org/hook", "0123456789abcdef0123").withDefaults();
        TaskDefinition shown = signed.withSecretHidden();
        assertEquals(TaskDefinition.HIDDEN_SECRET, shown.webhookSecret());
        assertEquals(signed.withModels(signed.detectorModel(), signed.readerModel(), signed.engine()), signed);
        assertEquals(signed.webhookUrl(), shown.webhookUrl());
        assertEquals("", task(null, null).withSecretHidden().webhookSecret(), "no secret: nothing to hide");
    }
}
