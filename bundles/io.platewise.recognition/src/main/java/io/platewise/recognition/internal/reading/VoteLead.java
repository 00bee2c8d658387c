package io.platewise.recognition.internal.reading;

import java.util.Collection;

/** How far a vote's leading text is ahead: for deciding a plate's cuts early and a car's read as settled. */
public final class VoteLead {

    private VoteLead() {
    }

    /** The largest of the texts' summed votes minus the second largest (the largest itself when it stands alone; 0 for none). */
    public static float of(Collection<Float> sums) {
        float leader = 0;
        float runnerUp = 0;
        for (float sum : sums) {
            if (sum > leader) {
                runnerUp = leader;
                leader = sum;
            } else if (sum > runnerUp) {
                runnerUp = sum;
            }
        }
        return leader - runnerUp;
    }
}
