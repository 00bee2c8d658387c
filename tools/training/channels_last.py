#!/usr/bin/env python3
"""Rewrites two kinds of node of an 8-bit detector that ONNX Runtime's CPU provider runs slowly into
operators it runs fast in the channel-last layout of its integer convolutions. The outputs are the
same values: only data movement changes, and no weight is touched.

ONNX Runtime runs each QLinearConv channel-last (NHWC) and puts Transposes where the graph's
channel-first tensors meet other operators. Two spots of the quantized detector cost it far more
than their arithmetic (one core, 640x360, profiled):

  upsamplings   the three nearest-neighbour Resizes of the feature pyramid, 1.1 ms of a 6.5 ms run:
                its Resize works out every output element's source on its own. A 2x nearest
                upsampling is each pixel's channel vector written twice along the row and each row
                twice: Transpose to channel-last (which cancels against the one ONNX Runtime puts
                after the convolution), Reshape to (N, H, 1, W, 1, C), Expand to (N, H, 2, W, 2, C),
                Reshape to (N, 2H, 2W, C), Transpose back (which cancels against the next
                convolution's), on the bytes. A level whose size was odd (45 rows from 23) is the
                doubled tensor less its last row: with coordinate_transformation_mode asymmetric and
                nearest_mode floor, output row i reads input row floor(i * H / (2H - 1)), which is
                floor(i / 2) for every i < 2H - 1.
  float 1x1s    the heatmap's last convolution (kept float, 32 channels to 1) ran as a channel-
                blocked (NCHWc) float convolution: its input was transposed back to channel-first
                and reordered into blocks, its output reordered again, 0.5 ms for 14,400 dot products
                of 32. As one Gemm over the channel-last rows it reads the bytes where they are.

Other Resizes (other modes, factors or layouts) and other convolutions are left as they are, with a
line saying why. Run it after sparse_corners.py:

  python3 channels_last.py detector-int8-sparse.onnx detector-int8-channels-last.onnx
"""

import numpy as np
import onnx
import onnx.numpy_helper as nh
from onnx import helper, shape_inference

from sparse_corners import attributes, float_initializer, index, prune, rewrite_command

PREFIX = "/channels_last/"


def _static_shapes(model):
    """Tensor name -> dims (None where not fixed), from ONNX shape inference."""
    inferred = shape_inference.infer_shapes(model)
    shapes = {}
    for info in list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output):
        shapes[info.name] = [d.dim_value if d.HasField("dim_value") else None for d in info.type.tensor_type.shape.dim]
    return shapes


def _only_reader(name, readers):
    found = readers.get(name, [])
    return found[0] if len(found) == 1 else None


def _same_quantization(dequantize, quantize, arrays):
    return all(np.array_equal(arrays[a], arrays[b]) for a, b in zip(dequantize.input[1:3], quantize.input[1:3]))


def _fixed_channels_and_size(name, shapes):
    """(C, H, W) of a 4-D tensor whose channels, height and width shape inference fixed, else None."""
    dims = shapes.get(name)
    return tuple(dims[1:]) if dims and len(dims) == 4 and all(dims[1:]) else None


def _scoped(node):
    """Names for the nodes and initializers that replace this node, under PREFIX and its name."""
    return lambda name: f"{PREFIX}{node.name.strip('/').replace('/', '_')}/{name}"


def _upsampled_size(resize, readers, shapes):
    """The Resize's output height and width: its target sizes are computed at run time from the
    lateral tensor it is added to, whose shape inference knows; so read them off that addition."""
    chain = {resize.output[0]}  # the upsampled tensor, and its quantized and dequantized forms
    reader = _only_reader(resize.output[0], readers)
    while reader is not None and reader.op_type in ("QuantizeLinear", "DequantizeLinear"):
        chain.add(reader.output[0])
        reader = _only_reader(reader.output[0], readers)
    if reader is None or reader.op_type != "Add":
        return None
    other = next((i for i in reader.input if i not in chain), None)
    dims = shapes.get(other)
    return tuple(dims[2:]) if dims and len(dims) == 4 and all(dims[2:]) else None


def rewrite_upsamplings(graph, arrays, producers, readers, shapes, log):
    """Returns (replaced nodes' names, new nodes keyed by the name of the node they replace)."""
    replaced, inserted = set(), {}
    for resize in [n for n in graph.node if n.op_type == "Resize"]:
        settings = attributes(resize)
        if (settings.get("mode", b"nearest"), settings.get("coordinate_transformation_mode", b"half_pixel"),
                settings.get("nearest_mode", b"round_prefer_floor")) != (b"nearest", b"asymmetric", b"floor"):
            log(f"{resize.name}: kept (not nearest, asymmetric, floor: {settings})")
            continue
        dims = _fixed_channels_and_size(resize.input[0], shapes)
        target = _upsampled_size(resize, readers, shapes)
        if dims is None or target is None:
            log(f"{resize.name}: kept (its input's or output's size is not fixed)")
            continue
        channels, height, width = dims
        out_height, out_width = target
        if out_height not in (2 * height, 2 * height - 1) or out_width not in (2 * width, 2 * width - 1):
            log(f"{resize.name}: kept ({height}x{width} to {out_height}x{out_width} is not a doubling)")
            continue
        # On the bytes where the Resize sits between a DequantizeLinear and a QuantizeLinear of the same
        # scale and zero point (the quantizer's form for a resize, which only copies values). The
        # QuantizeLinear goes (its output is now the rewrite's); a DequantizeLinear nothing reads any
        # more goes with the pruning.
        source, output, dropped = resize.input[0], resize.output[0], [resize.name]
        dequantize = producers.get(source)
        quantize = _only_reader(output, readers)
        on_bytes = (dequantize is not None and dequantize.op_type == "DequantizeLinear" and quantize is not None
                    and quantize.op_type == "QuantizeLinear" and _same_quantization(dequantize, quantize, arrays))
        if on_bytes:
            source, output = dequantize.input[0], quantize.output[0]
            dropped.append(quantize.name)
        p = _scoped(resize)
        constants = {
            "pixels": np.array([0, height, 1, width, 1, channels], np.int64),
            "twice": np.array([1, 1, 2, 1, 2, 1], np.int64),
            "doubled": np.array([0, 2 * height, 2 * width, channels], np.int64),
        }
        nodes = [
            helper.make_node("Transpose", [source], [p("channels_last")], name=p("Transpose_in"), perm=[0, 2, 3, 1]),
            helper.make_node("Reshape", [p("channels_last"), p("pixels")], [p("pixels_out")], name=p("Reshape_pixels")),
            helper.make_node("Expand", [p("pixels_out"), p("twice")], [p("repeated")], name=p("Expand")),
            helper.make_node("Reshape", [p("repeated"), p("doubled")], [p("doubled_out")], name=p("Reshape_doubled")),
        ]
        doubled = p("doubled_out")
        if (out_height, out_width) != (2 * height, 2 * width):
            constants.update({"starts": np.array([0, 0], np.int64), "ends": np.array([out_height, out_width], np.int64),
                              "axes": np.array([1, 2], np.int64)})
            nodes.append(helper.make_node("Slice", [doubled, p("starts"), p("ends"), p("axes")], [p("cut")], name=p("Slice")))
            doubled = p("cut")
        nodes.append(helper.make_node("Transpose", [doubled], [output], name=p("Transpose_out"), perm=[0, 3, 1, 2]))
        graph.initializer.extend(nh.from_array(v, p(k)) for k, v in constants.items())
        replaced.update(dropped)
        inserted[resize.name] = nodes
        log(f"{resize.name}: {channels}x{height}x{width} to {out_height}x{out_width}, on "
            + ("bytes" if on_bytes else "floats"))
    return replaced, inserted


def rewrite_float_pointwise(graph, arrays, producers, readers, shapes, log):
    """A float 1x1 convolution of a dequantized tensor as a Gemm over its channel-last rows."""
    replaced, inserted = set(), {}
    for conv in [n for n in graph.node if n.op_type == "Conv"]:
        dequantize = producers.get(conv.input[0])
        if dequantize is None or dequantize.op_type != "DequantizeLinear":
            continue  # not reading an integer tensor: ONNX Runtime keeps it channel-blocked anyway
        if conv.input[1] not in arrays:
            continue  # integer weights (dequantized): ONNX Runtime fuses it into a QLinearConv
        settings = attributes(conv)
        if (settings.get("kernel_shape") != [1, 1] or settings.get("group", 1) != 1 or settings.get("strides", [1, 1]) != [1, 1]
                or any(settings.get("pads", [0, 0, 0, 0]))):
            log(f"{conv.name}: kept (a float convolution, not a plain 1x1 one)")
            continue
        dims = _fixed_channels_and_size(conv.input[0], shapes)
        if dims is None:
            log(f"{conv.name}: kept (its input's size is not fixed)")
            continue
        channels, height, width = dims
        weight = float_initializer(conv.input[1], arrays, producers)[:, :, 0, 0]  # (out, in)
        outputs = weight.shape[0]
        bias = float_initializer(conv.input[2], arrays, producers) if len(conv.input) > 2 else np.zeros(outputs)
        p = _scoped(conv)
        constants = {
            "weight": weight.T.astype(np.float32),
            "bias": bias.astype(np.float32),
            "rows": np.array([-1, channels], np.int64),
            "pixels": np.array([-1, height, width, outputs], np.int64),
        }
        nodes = [
            helper.make_node("Transpose", [dequantize.input[0]], [p("channels_last")], name=p("Transpose_in"), perm=[0, 2, 3, 1]),
            helper.make_node("DequantizeLinear", [p("channels_last")] + list(dequantize.input[1:]), [p("dequantized")],
                             name=p("Dequantize")),
            helper.make_node("Reshape", [p("dequantized"), p("rows")], [p("rows_out")], name=p("Reshape_rows")),
            helper.make_node("Gemm", [p("rows_out"), p("weight"), p("bias")], [p("products")], name=p("Gemm")),
            helper.make_node("Reshape", [p("products"), p("pixels")], [p("pixels_out")], name=p("Reshape_pixels")),
        ]
        if outputs == 1:
            constants["channel_first"] = np.array([-1, 1, height, width], np.int64)
            nodes.append(helper.make_node("Reshape", [p("pixels_out"), p("channel_first")], [conv.output[0]], name=p("Reshape_out")))
        else:
            nodes.append(helper.make_node("Transpose", [p("pixels_out")], [conv.output[0]], name=p("Transpose_out"), perm=[0, 3, 1, 2]))
        graph.initializer.extend(nh.from_array(v, p(k)) for k, v in constants.items())
        replaced.add(conv.name)  # and its DequantizeLinear with the pruning, when nothing else reads it
        inserted[conv.name] = nodes
        log(f"{conv.name}: {channels} to {outputs} channels at {height}x{width}, as a Gemm")
    return replaced, inserted


def channels_last(model, log=print):
    graph = model.graph
    if any(not n.name for n in graph.node):
        raise ValueError("every node needs a name (the exporter and the quantizer give them)")
    arrays, producers, readers = index(graph)
    shapes = _static_shapes(model)
    replaced, inserted = set(), {}
    for rewrite in (rewrite_upsamplings, rewrite_float_pointwise):
        names, nodes = rewrite(graph, arrays, producers, readers, shapes, log)
        replaced |= names
        inserted.update(nodes)
    # Each replacement goes where the node it replaces was, which keeps the graph in order.
    order = []
    for n in graph.node:
        order.extend(inserted.get(n.name, []))
        if n.name not in replaced:
            order.append(n)
    del graph.node[:]
    graph.node.extend(order)
    prune(graph, {o.name for o in graph.output})
    onnx.checker.check_model(model)
    return model


if __name__ == "__main__":
    rewrite_command(channels_last, __doc__, "an 8-bit detector (quantize.py, then sparse_corners.py)")
