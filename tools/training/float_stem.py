#!/usr/bin/env python3
"""Moves the 8-bit detector's float-to-8-bit boundary from its first convolution's output to the
output of the depthwise convolution after it, so that ONNX Runtime crosses it on a tensor a quarter
of the size.

The detector's first convolution (3 to 16 channels, stride 2) stays float in quantize.py: its input
is the picture. ONNX Runtime runs it in its channel-blocked float layout (NCHWc), and in 0.2.3 its
output (16 x 180 x 320 at 640x360) was reordered back to channel-first and quantized for the 8-bit
depthwise convolution (stride 2) that follows: 0.39 ms and 0.36 ms of a 7.0 ms run on one core,
profiled, against 0.95 ms for the convolution itself. Left float, that depthwise convolution runs in
the same blocked layout straight from the first one's output (0.32 ms, as long as the 8-bit one
took), and the reorder and quantization happen after it, on 16 x 90 x 160 (0.11 and 0.09 ms): the
whole run takes about 0.9 of the time.

Its weights and bias are those the 8-bit graph dequantized (the same values), and only the
rounding of the first convolution's output to 8 bits is gone, so the outputs come nearer the float
detector's, not farther. Run it after channels_last.py:

  python3 float_stem.py detector-int8-channels-last.onnx detector-int8-float-stem.onnx
"""

import numpy as np
import onnx.numpy_helper as nh

from sparse_corners import attributes, float_initializer, index, prune, rewrite_command

PREFIX = "/float_stem/"


def _only_reader(name, readers, op_type):
    found = readers.get(name, [])
    if len(found) != 1 or found[0].op_type != op_type:
        raise ValueError(f"{name} is read by {[n.op_type for n in found]}, not by one {op_type}: not the graph quantize.py makes")
    return found[0]


def float_stem(model, log=print):
    graph = model.graph
    arrays, producers, readers = index(graph)
    first = next(n for n in graph.node if n.op_type == "Conv")
    if first.input[1] not in arrays:
        raise ValueError("the graph's first convolution is not a float one: not the graph quantize.py makes")
    relu = _only_reader(first.output[0], readers, "Relu")
    quantize = _only_reader(relu.output[0], readers, "QuantizeLinear")
    dequantize = _only_reader(quantize.output[0], readers, "DequantizeLinear")
    depthwise = _only_reader(dequantize.output[0], readers, "Conv")
    channels = arrays[first.input[1]].shape[0]
    if attributes(depthwise).get("group", 1) != channels:
        raise ValueError(f"the convolution after the first one has group {attributes(depthwise).get('group', 1)}, not {channels}: not depthwise")
    # Its output must go back to 8 bits at once, so that the boundary moves and no float chain grows.
    _only_reader(_only_reader(depthwise.output[0], readers, "Relu").output[0], readers, "QuantizeLinear")
    for k, part in ((1, "weight"), (2, "bias")):
        name = PREFIX + depthwise.name.strip("/") + "/" + part
        graph.initializer.append(nh.from_array(float_initializer(depthwise.input[k], arrays, producers).astype(np.float32), name))
        depthwise.input[k] = name
    depthwise.input[0] = relu.output[0]
    graph.node.remove(quantize)
    graph.node.remove(dequantize)
    prune(graph, {o.name for o in graph.output})
    log(f"{depthwise.name}: float, on {first.name}'s output; quantized after it instead of before")
    return model


if __name__ == "__main__":
    rewrite_command(float_stem, __doc__, "an 8-bit detector (quantize.py, sparse_corners.py, channels_last.py)")
