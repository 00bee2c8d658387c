package io.platewise.recognition.internal.reading;

import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import io.platewise.recognition.api.PlateRead;
import java.util.Map;

/** The reader stage: a crop in, a read out (preprocessing, the model, CTC decoding). */
public final class PlateReader implements AutoCloseable {

    private final InferenceSession session;
    private final String input;
    private final int width;
    private final int height;
    private final CtcDecoder decoder;

    public PlateReader(InferenceSession session, String charset, int width, int height) {
        this.session = session;
        this.input = session.inputs().keySet().iterator().next();
        this.width = width;
        this.height = height;
        this.decoder = new CtcDecoder(charset);
    }

    public PlateRead read(byte[] bgr, int cropWidth, int cropHeight, int candidates) throws InferenceException {
        float[] tensor = ReaderInput.fromBgr(bgr, cropWidth, cropHeight, width, height);
        Map<String, float[]> outputs = session.run(Map.of(input, tensor), Map.of(input, new long[] {1, 1, height, width}));
        Map.Entry<String, float[]> output = outputs.entrySet().iterator().next();
        long[] shape = session.lastOutputShapes().get(output.getKey());
        return decoder.decode(output.getValue(), (int) shape[1], (int) shape[2], candidates);
    }

    @Override
    public void close() {
        session.close();
    }
}
