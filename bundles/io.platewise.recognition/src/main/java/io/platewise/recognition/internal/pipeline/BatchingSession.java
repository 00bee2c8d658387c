package io.platewise.recognition.internal.pipeline;

import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model session shared by several cameras' pipelines, batching their calls along the first
 * (batch) dimension. It never waits for a batch to fill: a call that finds the session idle runs at
 * once, alone; calls that arrive while it runs queue up and go together in the next run. So a lone
 * camera pays no latency, and under load the batch grows by itself to what the GPU can take.
 */
final class BatchingSession implements AutoCloseable {

    /** The outputs of one call, with their shapes. */
    record Result(Map<String, float[]> outputs, Map<String, long[]> shapes) {
    }

    private static final class Call {
        final Map<String, float[]> inputs;
        final Map<String, long[]> shapes;
        Result result;
        InferenceException error;
        boolean done;

        Call(Map<String, float[]> inputs, Map<String, long[]> shapes) {
            this.inputs = inputs;
            this.shapes = shapes;
        }

        long batch() {
            return shapes.values().iterator().next()[0];
        }

        /** Same inputs with the same shapes but for the batch dimension: can share one run. */
        boolean joins(Call other) {
            if (!shapes.keySet().equals(other.shapes.keySet())) {
                return false;
            }
            for (Map.Entry<String, long[]> shape : shapes.entrySet()) {
                long[] mine = shape.getValue();
                long[] theirs = other.shapes.get(shape.getKey());
                if (mine.length == 0 || mine.length != theirs.length || !Arrays.equals(mine, 1, mine.length, theirs, 1, theirs.length)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final InferenceSession session;
    private final int maxBatch;
    private final ArrayDeque<Call> queue = new ArrayDeque<>();
    private boolean running;
    private long runs;
    private long calls;

    BatchingSession(InferenceSession session, int maxBatch) {
        this.session = session;
        this.maxBatch = Math.max(1, maxBatch);
    }

    InferenceSession session() {
        return session;
    }

    Result run(Map<String, float[]> inputs, Map<String, long[]> shapes) throws InferenceException {
        for (String name : inputs.keySet()) {
            long[] shape = shapes.get(name);
            if (shape == null || shape.length == 0) {
                throw new InferenceException("Input " + name + " needs a shape with a batch dimension", null);
            }
        }
        Call call = new Call(inputs, shapes);
        synchronized (this) {
            queue.addLast(call);
        }
        while (true) {
            List<Call> batch;
            synchronized (this) {
                while (running && !call.done) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        queue.remove(call);
                        Thread.currentThread().interrupt();
                        throw new InferenceException("Interrupted while waiting for a batched inference", e);
                    }
                }
                if (call.done) {
                    return outcome(call);
                }
                // Idle: this thread runs the oldest calls (its own, or older ones first and then its own).
                running = true;
                batch = takeBatch();
            }
            try {
                execute(batch);
            } finally {
                synchronized (this) {
                    running = false;
                    notifyAll();
                }
            }
        }
    }

    /** Calls waiting for the running batch to finish. */
    synchronized int queued() {
        return queue.size();
    }

    /** Statistics: calls taken and model runs made (their ratio is the mean batch). */
    synchronized long[] counts() {
        return new long[] {calls, runs};
    }

    private Result outcome(Call call) throws InferenceException {
        if (call.error != null) {
            throw call.error;
        }
        return call.result;
    }

    /** The oldest call and every queued call that can join it, up to the batch limit. Holds the lock. */
    private List<Call> takeBatch() {
        List<Call> batch = new ArrayList<>();
        Call first = queue.pollFirst();
        batch.add(first);
        long size = first.batch();
        for (Iterator<Call> it = queue.iterator(); it.hasNext(); ) {
            Call next = it.next();
            if (next.joins(first) && size + next.batch() <= maxBatch) {
                batch.add(next);
                size += next.batch();
                it.remove();
            }
        }
        return batch;
    }

    private void execute(List<Call> batch) {
        try {
            if (batch.size() == 1) {
                Call call = batch.get(0);
                Map<String, float[]> outputs = session.run(call.inputs, call.shapes);
                complete(call, new Result(outputs, session.lastOutputShapes()));
            } else {
                runTogether(batch);
            }
        } catch (InferenceException e) {
            batch.forEach(call -> fail(call, e));
        } catch (RuntimeException | Error e) {
            // An Error (out of memory while joining a batch) fails the calls too: their threads wait until
            // their calls are done, and none would be left to run them.
            InferenceException error = new InferenceException("Inference failed: " + e, e);
            batch.forEach(call -> fail(call, error));
            if (e instanceof Error fatal) {
                throw fatal;
            }
        }
        synchronized (this) {
            runs++;
            calls += batch.size();
        }
    }

    private void runTogether(List<Call> batch) throws InferenceException {
        long total = 0;
        for (Call call : batch) {
            total += call.batch();
        }
        Map<String, float[]> inputs = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String name : batch.get(0).shapes.keySet()) {
            int length = 0;
            for (Call call : batch) {
                length += call.inputs.get(name).length;
            }
            float[] joined = new float[length];
            int offset = 0;
            for (Call call : batch) {
                float[] part = call.inputs.get(name);
                System.arraycopy(part, 0, joined, offset, part.length);
                offset += part.length;
            }
            long[] shape = batch.get(0).shapes.get(name).clone();
            shape[0] = total;
            inputs.put(name, joined);
            shapes.put(name, shape);
        }
        Map<String, float[]> outputs = session.run(inputs, shapes);
        Map<String, long[]> outputShapes = session.lastOutputShapes();
        long start = 0;
        for (Call call : batch) {
            Map<String, float[]> mine = new LinkedHashMap<>();
            Map<String, long[]> myShapes = new LinkedHashMap<>();
            for (Map.Entry<String, float[]> output : outputs.entrySet()) {
                long[] shape = outputShapes.get(output.getKey());
                if (shape == null || shape.length == 0 || shape[0] != total) {
                    throw new InferenceException("Output " + output.getKey() + " has no batch dimension to split", null);
                }
                int perItem = (int) (output.getValue().length / total);
                mine.put(output.getKey(), Arrays.copyOfRange(output.getValue(), (int) (start * perItem), (int) ((start + call.batch()) * perItem)));
                long[] split = shape.clone();
                split[0] = call.batch();
                myShapes.put(output.getKey(), split);
            }
            complete(call, new Result(mine, myShapes));
            start += call.batch();
        }
    }

    private synchronized void complete(Call call, Result result) {
        if (!call.done) {
            call.result = result;
            call.done = true;
        }
    }

    private synchronized void fail(Call call, InferenceException error) {
        if (!call.done) {
            call.error = error;
            call.done = true;
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
