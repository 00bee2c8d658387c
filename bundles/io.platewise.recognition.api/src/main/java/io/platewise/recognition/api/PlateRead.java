package io.platewise.recognition.api;

import java.util.List;

/**
 * What a reader made of one plate crop.
 *
 * @param text                 the best text, characters only (no separators)
 * @param confidence           confidence of the whole text, 0 to 1
 * @param characterConfidences one per character of {@code text}
 * @param candidates           the best texts, best first ({@code text} among them)
 * @param matchesTemplate      whether {@code text} matches one of the task's country templates
 */
public record PlateRead(String text, float confidence, float[] characterConfidences, List<Candidate> candidates,
        boolean matchesTemplate) {

    public PlateRead {
        candidates = candidates == null ? List.of(new Candidate(text, confidence)) : List.copyOf(candidates);
        characterConfidences = characterConfidences == null ? new float[0] : characterConfidences.clone();
    }
}
