package io.platewise.recognition.internal.tasks;

import java.time.Instant;

/** One model swap of a task: who asked, when, from which models to which, and how it ended. */
public record ModelSwap(String taskId, String actor, Instant at, String from, String to, String result, String message) {
}
