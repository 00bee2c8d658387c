package io.platewise.recognition.api;

/** One possible text of a plate, with its confidence (0 to 1). */
public record Candidate(String text, float confidence) {
}
