#!/usr/bin/env python3
"""Computes the detector's corners only at its strongest peaks instead of at every cell, in the ONNX graph.

The exported detector computes its corner head (a 3x3 convolution of 32 channels, Relu, a 1x1
convolution to 8) at every cell of the stride-4 grid, 14,400 cells at 640x360, while the pipeline
reads the corners at the few cells whose peak passes the detection threshold. This rewrite keeps
the heatmap and its in-graph peak search as they are, takes the K strongest peaks (TopK), gathers
the 3x3 neighbourhood of the head's input at each of those cells (zero padding at the edges, as the
convolution had) and runs the head there as two small matrix products. On an 8-bit graph the
neighbourhoods are gathered as bytes and dequantized after, and the head's hidden activations are
rounded to the same 8 bits as the integer convolution rounded them, so the corners are those of the
dense graph to float rounding.

Outputs, for K = --peaks (64 by default; a frame with more plates than that above the threshold
keeps its 64 strongest):
  scores        (N, K)     the peaks, strongest first (already sigmoid-ed; 0 where no local maximum)
  cells         (N, K)     the cell of each peak, row * grid width + column, as a float (exact below 2^24)
  cell_corners  (N, K, 8)  x1,y1..x4,y4 in input pixels relative to that cell's centre, as `corners` was

  python3 sparse_corners.py detector-int8.onnx detector-int8-sparse.onnx
"""
import argparse

import numpy as np
import onnx
import onnx.numpy_helper as nh
from onnx import TensorProto, helper

PREFIX = "/sparse_corners/"
STRIDE = 4


def attributes(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def index(graph):
    """The graph's constant values (initializers and Constant nodes), each tensor's producer, and
    each tensor's readers."""
    arrays = {i.name: nh.to_array(i) for i in graph.initializer}
    for n in graph.node:
        if n.op_type == "Constant":
            arrays[n.output[0]] = nh.to_array(attributes(n)["value"])
    producers = {o: n for n in graph.node for o in n.output}
    readers = {}
    for n in graph.node:
        for name in n.input:
            readers.setdefault(name, []).append(n)
    return arrays, producers, readers


def float_initializer(name, arrays, producers):
    """The float value of a weight: an initializer, or a DequantizeLinear of one (per output channel)."""
    if name in arrays:
        return arrays[name].astype(np.float64)
    node = producers[name]
    if node.op_type != "DequantizeLinear":
        raise ValueError(f"{name} is neither a weight nor a dequantized weight")
    values, scale = arrays[node.input[0]].astype(np.float64), arrays[node.input[1]].astype(np.float64)
    zero = arrays[node.input[2]].astype(np.float64) if len(node.input) > 2 else np.zeros_like(scale)
    shape = [-1] + [1] * (values.ndim - 1) if scale.ndim else []
    return (values - zero.reshape(shape)) * scale.reshape(shape)


def sparse_corners(model, peaks=64):
    graph = model.graph
    arrays, producers, readers = index(graph)
    outputs = {o.name for o in graph.output}
    if outputs != {"peaks", "corners"}:
        raise ValueError(f"the graph's outputs are {sorted(outputs)}, not peaks and corners")

    # corners = Mul(Conv1x1(dequantized?(Relu(Conv3x3(x)))), OFFSET_SCALE)
    scale_node = producers["corners"]
    out_conv = producers[scale_node.input[0]]
    hidden_tensor = out_conv.input[0]
    requantize = None
    if producers[hidden_tensor].op_type == "DequantizeLinear":
        requantize = producers[hidden_tensor]
        quantize_node = producers[requantize.input[0]]
        hidden_tensor = quantize_node.input[0]
    relu = producers[hidden_tensor]
    hidden_conv = producers[relu.input[0]]
    if (scale_node.op_type, out_conv.op_type, relu.op_type, hidden_conv.op_type) != ("Mul", "Conv", "Relu", "Conv"):
        raise ValueError("the corner head is not Conv, Relu, Conv, Mul")
    conv = attributes(hidden_conv)
    if conv.get("kernel_shape") != [3, 3] or conv.get("pads", [0] * 4) != [1, 1, 1, 1] or conv.get("group", 1) != 1 \
            or conv.get("strides", [1, 1]) != [1, 1] or conv.get("dilations", [1, 1]) != [1, 1]:
        raise ValueError(f"the corner head's first convolution is not a plain 3x3 one: {conv}")
    dims = [d.dim_value for d in graph.input[0].type.tensor_type.shape.dim]
    if not all(dims[1:]):
        raise ValueError("the input's height and width must be fixed")
    grid_h, grid_w = dims[2] // STRIDE, dims[3] // STRIDE
    k = min(peaks, grid_h * grid_w)

    features = hidden_conv.input[0]
    source, pad_value, dequantize = features, np.array(0, np.float32), None
    if producers[features].op_type == "DequantizeLinear":
        dequantize = producers[features]
        source = dequantize.input[0]
        pad_value = arrays[dequantize.input[2]]
    w0 = float_initializer(hidden_conv.input[1], arrays, producers)  # (hidden, C, 3, 3)
    b0 = float_initializer(hidden_conv.input[2], arrays, producers)
    w1 = float_initializer(out_conv.input[1], arrays, producers)[:, :, 0, 0]  # (8, hidden)
    b1 = float_initializer(out_conv.input[2], arrays, producers)
    hidden, channels = w0.shape[0], w0.shape[1]

    p = lambda name: PREFIX + name
    constants = {
        "flat": np.array([0, -1], np.int64),
        "k": np.array([k], np.int64),
        "pads": np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64),
        "pad_value": pad_value,
        "padded_flat": np.array([0, channels, (grid_h + 2) * (grid_w + 2)], np.int64),
        "grid_w": np.array(grid_w, np.int64),
        "two": np.array(2, np.int64),
        "tap_axis": np.array([2], np.int64),
        "origin": np.array(grid_w + 3, np.int64),  # cell (0, 0) in the padded grid: (0 + 1) * (W + 2) + 1
        "taps": np.array([dy * (grid_w + 2) + dx for dy in (-1, 0, 1) for dx in (-1, 0, 1)], np.int64),
        "taps_flat": np.array([0, 1, -1], np.int64),
        "channels": np.array([1, channels, 1], np.int64),
        "neighbourhoods": np.array([0, channels, k, 9], np.int64),
        "rows": np.array([0, k, channels * 9], np.int64),
        "w0": w0.reshape(hidden, channels * 9).T.astype(np.float32),
        "b0": b0.astype(np.float32),
        "w1": w1.T.astype(np.float32),
        "b1": b1.astype(np.float32),
    }
    initializers = [nh.from_array(v, p(name)) for name, v in constants.items()]
    nodes = [
        helper.make_node("Reshape", ["peaks", p("flat")], [p("peaks_flat")], name=p("Reshape_peaks")),
        helper.make_node("TopK", [p("peaks_flat"), p("k")], ["scores", p("cells_int")], name=p("TopK"), axis=1),
        helper.make_node("Cast", [p("cells_int")], ["cells"], name=p("Cast_cells"), to=TensorProto.FLOAT),
        helper.make_node("Pad", [source, p("pads"), p("pad_value")], [p("padded")], name=p("Pad"), mode="constant"),
        helper.make_node("Reshape", [p("padded"), p("padded_flat")], [p("padded_rows")], name=p("Reshape_padded")),
        # The cell's index in the padded grid: row * (W + 2) + column + W + 3 = cell + 2 * row + W + 3.
        helper.make_node("Div", [p("cells_int"), p("grid_w")], [p("row")], name=p("Div_row")),
        helper.make_node("Mul", [p("row"), p("two")], [p("two_rows")], name=p("Mul_rows")),
        helper.make_node("Add", [p("cells_int"), p("two_rows")], [p("shifted")], name=p("Add_rows")),
        helper.make_node("Add", [p("shifted"), p("origin")], [p("centre")], name=p("Add_origin")),
        helper.make_node("Unsqueeze", [p("centre"), p("tap_axis")], [p("centre_column")], name=p("Unsqueeze_centre")),
        helper.make_node("Add", [p("centre_column"), p("taps")], [p("tap_cells")], name=p("Add_taps")),
        helper.make_node("Reshape", [p("tap_cells"), p("taps_flat")], [p("tap_row")], name=p("Reshape_taps")),
        helper.make_node("Expand", [p("tap_row"), p("channels")], [p("tap_index")], name=p("Expand_taps")),
        helper.make_node("GatherElements", [p("padded_rows"), p("tap_index")], [p("gathered")], name=p("Gather"), axis=2),
    ]
    gathered = p("gathered")
    if dequantize is not None:
        nodes.append(helper.make_node("DequantizeLinear", [gathered] + list(dequantize.input[1:]), [p("gathered_float")],
                                      name=p("Dequantize_gathered")))
        gathered = p("gathered_float")
    nodes += [
        helper.make_node("Reshape", [gathered, p("neighbourhoods")], [p("by_tap")], name=p("Reshape_by_tap")),
        helper.make_node("Transpose", [p("by_tap")], [p("by_cell")], name=p("Transpose"), perm=[0, 2, 1, 3]),
        helper.make_node("Reshape", [p("by_cell"), p("rows")], [p("neighbourhood_rows")], name=p("Reshape_rows")),
        helper.make_node("MatMul", [p("neighbourhood_rows"), p("w0")], [p("hidden_mm")], name=p("MatMul_hidden")),
        helper.make_node("Add", [p("hidden_mm"), p("b0")], [p("hidden_pre")], name=p("Add_hidden")),
        helper.make_node("Relu", [p("hidden_pre")], [p("hidden")], name=p("Relu_hidden")),
    ]
    hidden_out = p("hidden")
    if requantize is not None:
        nodes += [helper.make_node("QuantizeLinear", [hidden_out] + list(requantize.input[1:]), [p("hidden_q")], name=p("Quantize_hidden")),
                  helper.make_node("DequantizeLinear", [p("hidden_q")] + list(requantize.input[1:]), [p("hidden_dq")],
                                   name=p("Dequantize_hidden"))]
        hidden_out = p("hidden_dq")
    nodes += [
        helper.make_node("MatMul", [hidden_out, p("w1")], [p("out_mm")], name=p("MatMul_out")),
        helper.make_node("Add", [p("out_mm"), p("b1")], [p("out")], name=p("Add_out")),
        helper.make_node("Mul", [p("out"), scale_node.input[1]], ["cell_corners"], name=p("Mul_offset_scale")),
    ]

    # Drop the dense corner head (and whatever only it read), keep the rest in order.
    dense = {hidden_conv.name, relu.name, out_conv.name, scale_node.name}
    if requantize is not None:
        dense |= {requantize.name, quantize_node.name}
    kept = [n for n in graph.node if n.name not in dense]
    del graph.node[:]
    graph.node.extend(kept + nodes)
    graph.initializer.extend(initializers)
    prune(graph, {"scores", "cells", "cell_corners"})
    del graph.output[:]
    graph.output.extend([
        helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["batch", k]),
        helper.make_tensor_value_info("cells", TensorProto.FLOAT, ["batch", k]),
        helper.make_tensor_value_info("cell_corners", TensorProto.FLOAT, ["batch", k, 8]),
    ])
    onnx.checker.check_model(model)
    return model


def prune(graph, wanted):
    """Keeps only the nodes (and initializers) that the wanted outputs depend on."""
    producers = {o: n for n in graph.node for o in n.output}
    needed, stack, seen = set(), list(wanted), set()
    while stack:
        name = stack.pop()
        node = producers.get(name)
        if node is None or node.name in seen:
            continue
        seen.add(node.name)
        stack.extend(i for i in node.input if i)
    nodes = [n for n in graph.node if n.name in seen]
    del graph.node[:]
    graph.node.extend(nodes)
    used = {i for n in nodes for i in n.input}
    initializers = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(initializers)


def rewrite_command(rewrite, description, model_help):
    """The command line of a graph rewrite that takes no options (channels_last.py, float_stem.py): MODEL OUT."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help=model_help)
    parser.add_argument("out")
    args = parser.parse_args()
    onnx.save(rewrite(onnx.load(args.model)), args.out)
    print("wrote", args.out, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help="a detector with peaks and corners outputs (float or 8-bit)")
    parser.add_argument("out")
    parser.add_argument("--peaks", type=int, default=64, help="how many of the strongest peaks get corners")
    args = parser.parse_args()
    onnx.save(sparse_corners(onnx.load(args.model), args.peaks), args.out)
    print("wrote", args.out, flush=True)


if __name__ == "__main__":
    main()
