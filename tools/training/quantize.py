#!/usr/bin/env python3
"""Quantizes the plate detector or the plate reader to 8 bits after training (static, QDQ format), for
ONNX Runtime on CPUs.

The detector's convolutions are most of a pipeline's CPU time. ONNX Runtime runs a QDQ graph
(QuantizeLinear/DequantizeLinear pairs around each operator) as integer kernels: it fuses
DQ -> Conv -> Q into QLinearConv and DQ -> Add -> Q into QLinearAdd, drops a Relu whose Q starts at
zero, runs a nearest-neighbour Resize on the bytes, and keeps the rest in float. The file stays a
plain ONNX file; a runtime that does not fuse computes the same numbers, more slowly. At 640x360 on
one core ONNX Runtime takes about 0.6 of the float model's time (7.4 against 12.2 ms here).

  weights      int8 of 7 significant bits (-63..63), symmetric, one scale per output channel
               (depthwise kernels differ widely): on x86 CPUs without VNNI, ONNX Runtime multiplies
               uint8 by int8 into 16-bit pair sums (vpmaddubsw) that saturate with full-range
               weights; 255 x 63 x 2 stays below 32767 (--weight-bits 8 for VNNI-only fleets)
  biases       int32 at the scale input x weight, as QLinearConv wants them
  activations  uint8 with one scale and zero point per tensor: the range each tensor took over the
               calibration frames (training frames, never a held-out or evaluation set)
  kept float   the first convolution (three input channels: its integer kernel is slower than the
               float one) and the heads' last ones (heatmap logits and corner offsets, where a step
               of 1/255 of the range would move a corner), the sigmoid and the in-graph peak search
  equalised    the hidden channels the float head convolutions read (see equalize_float_heads)

TensorRT's explicit quantization is symmetric int8, which this uint8 form is not: on a GPU run the
float detector, which TensorRT builds in FP16.

The reader (reader.py's CRNN, a graph whose input is one grey channel) is quantized the same way up to
its recurrent part: its five convolutions run integer, its grey input is quantized too (see
grey_input), its max poolings run on the bytes at their input's scale, and the GRU and the output
layer stay float. Its calibration crops are crop folders' images whole, and the labelled plates of
scene or photo folders cut at their boxes; reader.py's preprocess makes the tensors.

Calibration runs the float graph with a small interpreter over PyTorch operators (onnxruntime's
Python package is not installed here), on exactly the tensor the Java side feeds: detector.py's
letterbox, which the parity test pins to PlateDetector's.

  python3 quantize.py --model platewise-detector-0.2.0.tar --data scenes-train --data romania-lp \
      --data pku --val-keys dayride_type1_002,G3 --images 400 --out detector-int8.onnx
  python3 quantize.py --model platewise-reader-0.5.2.tar --data faces-crops-train --data scene-crops-train \
      --data romania-lp --data pku --val-keys dayride_type1_002,G3 --images 600 --out reader-int8.onnx
"""
import argparse
import csv
import json
import os
import random

import numpy as np
import onnx
import onnx.numpy_helper as nh
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper
from PIL import Image

from detector import letterbox, read_folder, split_key
from onnx_init import read_model
from reader import Crops, preprocess

ACTIVATION_PRODUCERS = {"Relu", "Add", "Resize", "MaxPool"}  # their float outputs are stored as uint8
QUANTIZED_CONSUMERS = {"Conv", "Add", "Resize", "MaxPool"}  # these read the DequantizeLinear'd tensor
PASS_THROUGH = {"Resize", "MaxPool"}  # they only pick input values: the output keeps the input's scale


def attributes(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def run_graph(graph, feeds, keep):
    """Evaluates the float graph on `feeds` with PyTorch; returns the tensors named in `keep`. Only
    the operators the exported detector uses are known: another graph fails with the operator named."""
    values = {i.name: torch.from_numpy(np.array(nh.to_array(i))) for i in graph.initializer}
    values.update({name: torch.as_tensor(array) for name, array in feeds.items()})
    for node in graph.node:
        a = attributes(node)
        x = [values[name] if name else None for name in node.input]
        op = node.op_type
        if op == "Constant":
            out = torch.from_numpy(np.array(nh.to_array(a["value"])))
        elif op == "Conv":
            pads = a.get("pads", [0, 0, 0, 0])
            if pads[:2] != pads[2:]:
                raise ValueError(f"{node.name}: asymmetric padding {pads}")
            out = F.conv2d(x[0], x[1], x[2] if len(x) > 2 else None, stride=a.get("strides", 1),
                           padding=tuple(pads[:2]), dilation=a.get("dilations", 1), groups=a.get("group", 1))
        elif op == "Relu":
            out = torch.relu(x[0])
        elif op == "Sigmoid":
            out = torch.sigmoid(x[0])
        elif op in ("Add", "Sub", "Mul", "Div"):
            out = {"Add": torch.add, "Sub": torch.sub, "Mul": torch.mul, "Div": torch.div}[op](x[0], x[1])
        elif op == "Equal":
            out = torch.eq(x[0], x[1])
        elif op == "Cast":
            out = x[0].to({TensorProto.FLOAT: torch.float32, TensorProto.INT64: torch.int64}[a["to"]])
        elif op == "Shape":
            out = torch.tensor(x[0].shape, dtype=torch.int64)
        elif op == "Gather":
            out = torch.index_select(x[0], a.get("axis", 0), x[1].reshape(-1)).reshape(x[1].shape)
        elif op == "Unsqueeze":
            out = x[0].reshape(list(x[0].shape[:int(x[1][0])]) + [1] + list(x[0].shape[int(x[1][0]):]))
        elif op == "Concat":
            out = torch.cat(x, dim=a["axis"])
        elif op == "Slice":
            if len(x) > 4 and x[4] is not None and int(x[4][0]) != 1:
                raise ValueError(f"{node.name}: strided slice")
            out = x[0][int(x[1][0]):int(min(x[2][0], x[0].shape[0]))]
        elif op == "Resize":
            if (a.get("mode"), a.get("coordinate_transformation_mode"), a.get("nearest_mode")) != (b"nearest", b"asymmetric", b"floor"):
                raise ValueError(f"{node.name}: only nearest/asymmetric/floor resizing is known")
            height, width = int(x[3][2]), int(x[3][3])
            rows = (torch.arange(height) * x[0].shape[2] // height)
            cols = (torch.arange(width) * x[0].shape[3] // width)
            out = x[0][:, :, rows][:, :, :, cols]
        elif op == "MaxPool":
            pads = a.get("pads", [0, 0, 0, 0])
            out = F.max_pool2d(x[0], a["kernel_shape"], a.get("strides", 1), padding=tuple(pads[:2]))
        else:
            raise ValueError(f"operator {op} ({node.name}) is not known to the calibration interpreter")
        values[node.output[0]] = out
        if all(name in values for name in keep):
            break  # the rest of the graph (a reader's recurrent part, for one) is not needed
    return {name: values[name] for name in keep}


def producers_and_readers(graph):
    """Tensor name -> the node that makes it, and -> the nodes that read it."""
    producers = {o: n for n in graph.node for o in n.output}
    readers = {}
    for n in graph.node:
        for name in n.input:
            readers.setdefault(name, []).append(n)
    return producers, readers


def activations_to_quantize(graph):
    """The float tensors that will be stored as uint8: outputs of ACTIVATION_PRODUCERS that some
    QUANTIZED_CONSUMERS reads, and a grey input (see grey_input); and the readers of every tensor."""
    _, consumers = producers_and_readers(graph)
    chosen = [graph.input[0].name] if grey_input(graph) else []
    for n in graph.node:
        if n.op_type not in ACTIVATION_PRODUCERS:
            continue
        name = n.output[0]
        if any(c.op_type in QUANTIZED_CONSUMERS for c in consumers.get(name, [])):
            chosen.append(name)
    return chosen, consumers


def grey_input(graph):
    """Whether the input is one grey channel (the reader's crop), which is quantized too, so that the
    first convolution runs integer: left float, its output reached the first pooling in ONNX
    Runtime's channel-first layout, where the pooling of bytes (ONNX Runtime moves a quantization in
    front of a pooling, so pooling the floats first did not help; a Relu between the two keeps it after
    the pooling, measured and not shipped: tools/training/README.md) took 1.6 ms of a 3.3 ms run;
    quantized, the whole reader ran in 0.66 of the float one's time. The
    input is (v / 255 - 0.5) / 0.5 of a grey level v, so 256 steps over its range lose under one grey
    level of a resampled crop. A three-channel image (the detector's) stays float (see
    float_convolutions)."""
    return graph.input[0].type.tensor_type.shape.dim[1].dim_value == 1


def float_convolutions(graph, consumers, quantized):
    """Convolutions that stay float: those whose output leaves the integer part (a graph output,
    or read by no quantized operator; their input is still dequantized uint8) and the first one,
    whose input is the normalised image: with three input channels its integer kernel is slower
    than the float one (1.7 against 0.8 ms at 640x360), and the image keeps its full precision."""
    outputs = {o.name for o in graph.output}
    kept = set()
    for n in graph.node:
        if n.op_type != "Conv":
            continue
        following = consumers.get(n.output[0], [])
        leaves = n.output[0] in outputs or not any(c.op_type in ("Relu",) + tuple(QUANTIZED_CONSUMERS) for c in following)
        if leaves or n.input[0] not in quantized:
            kept.add(n.name)
    return kept


def calibrate(graph, names, images):
    """Per tensor: its lowest and highest value over all images, and each channel's highest. The
    widest range, not an average or a percentile: plates are rare and bright in the features that
    find them, so a range that clips the rare values clips the plates (an average of per-image
    maxima cost 4.7 points of exact match on the rich synthetic scenes, a 99.99% percentile 13 on pku G3)."""
    ranges = {n: [0.0, 1e-6] for n in names}
    channels = {}
    with torch.no_grad():
        for image in images:
            values = run_graph(graph, {graph.input[0].name: image[None]}, names)
            for name, value in values.items():
                ranges[name] = [min(ranges[name][0], float(value.min())), max(ranges[name][1], float(value.max()))]
                highs = value.float().amax(dim=(0, 2, 3))
                channels[name] = torch.maximum(channels[name], highs) if name in channels else highs
    return {"ranges": ranges, "channels": {n: c.tolist() for n, c in channels.items()}}


def equalize_float_heads(model, stats, kept_float):
    """Spreads the channels of each tensor that a float convolution reads from a quantized
    convolution through a Relu over one common range, exactly in float: channel c of the
    producer is multiplied by R / r_c (r_c: its calibrated maximum, R: the largest), and the
    float consumer divides its input channel c by the same factor (a Relu commutes with a
    positive factor). One scale per tensor then resolves every channel as finely as the widest;
    without it the corner head's small channels lost 2 of 117 plates on pku G3. The consumer,
    being float, loses nothing to its smaller weights."""
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    producers, readers = producers_and_readers(graph)
    for consumer in graph.node:
        if consumer.op_type != "Conv" or consumer.name not in kept_float or attributes(consumer).get("group", 1) != 1:
            continue
        tensor = consumer.input[0]
        relu = producers.get(tensor)
        if relu is None or relu.op_type != "Relu" or len(readers[tensor]) != 1 or tensor not in stats["channels"]:
            continue
        producer = producers.get(relu.input[0])
        if producer is None or producer.op_type != "Conv" or producer.name in kept_float or len(readers[relu.input[0]]) != 1:
            continue
        highs = np.array(stats["channels"][tensor], np.float64)
        factor = np.where(highs > 0, highs.max() / np.maximum(highs, 1e-12), 1.0)
        factor = np.minimum(factor, 1e3)  # a channel that is nearly never on is not worth 10 bits
        _scale_initializer(initializers[producer.input[1]], factor, axis=0)
        if len(producer.input) > 2:
            _scale_initializer(initializers[producer.input[2]], factor, axis=0)
        _scale_initializer(initializers[consumer.input[1]], 1.0 / factor, axis=1)
        stats["ranges"][tensor] = [0.0, float((highs * factor).max())]


def _scale_initializer(initializer, factor, axis):
    array = nh.to_array(initializer).astype(np.float64)
    shape = [1] * array.ndim
    shape[axis] = -1
    initializer.CopyFrom(nh.from_array((array * factor.reshape(shape)).astype(np.float32), initializer.name))


def uint8_parameters(low, high):
    scale = (high - low) / 255.0
    zero_point = int(np.clip(round(-low / scale), 0, 255))
    return np.float32(scale), np.uint8(zero_point)


def quantize(model, stats, keep_float=(), weight_bits=7):
    graph = model.graph
    weight_limit = 2 ** (weight_bits - 1) - 1
    chosen, consumers = activations_to_quantize(graph)
    kept_float = float_convolutions(graph, consumers, set(chosen))
    kept_float |= {n.name for n in graph.node if n.op_type == "Conv" and any(k in n.name for k in keep_float)}
    equalize_float_heads(model, stats, kept_float)
    initializers = {i.name: i for i in graph.initializer}
    params = {name: uint8_parameters(*stats["ranges"][name]) for name in chosen}
    # A nearest-neighbour resize or a max pooling only picks values: its output keeps its input's
    # scale, so ONNX Runtime can run it on the bytes themselves.
    for n in graph.node:
        if n.op_type in PASS_THROUGH and n.output[0] in params and n.input[0] in params:
            params[n.output[0]] = params[n.input[0]]
    new_nodes = []
    new_initializers = []
    dequantized = {}

    def constant(name, array):
        new_initializers.append(nh.from_array(array, name))

    def quantize_and_dequantize(out):
        scale, zero_point = params[out]
        constant(out + "_scale", np.array(scale, np.float32))
        constant(out + "_zero_point", np.array(zero_point, np.uint8))
        new_nodes.append(helper.make_node("QuantizeLinear", [out, out + "_scale", out + "_zero_point"], [out + "_q"],
                                          name=out + "_QuantizeLinear"))
        new_nodes.append(helper.make_node("DequantizeLinear", [out + "_q", out + "_scale", out + "_zero_point"], [out + "_dq"],
                                          name=out + "_DequantizeLinear"))
        dequantized[out] = out + "_dq"

    if graph.input[0].name in params:
        quantize_and_dequantize(graph.input[0].name)

    for n in graph.node:
        # Rewire quantized consumers to the dequantized tensors.
        if n.op_type in QUANTIZED_CONSUMERS:
            for i, name in enumerate(n.input):
                if name in dequantized and not (n.op_type == "Resize" and i > 0):
                    n.input[i] = dequantized[name]
        elif n.op_type == "Shape" and n.input[0] in dequantized:
            # The upsampling's target size is read off a tensor's shape; reading it off the
            # float tensor would give the operator before it a second, float consumer, and
            # ONNX Runtime fuses an operator into its integer form only when Q is its sole reader.
            n.input[0] = n.input[0] + "_q"
        if n.op_type == "Conv" and n.name not in kept_float:
            x_name = n.input[0]
            x_scale = params[x_name[:-len("_dq")]][0]
            weight = nh.to_array(initializers[n.input[1]]).astype(np.float32)
            channels = weight.shape[0]
            w_scale = (np.abs(weight.reshape(channels, -1)).max(axis=1) / weight_limit).astype(np.float32)
            w_scale = np.maximum(w_scale, 1e-12).astype(np.float32)
            w_int = np.clip(np.round(weight / w_scale.reshape(-1, 1, 1, 1)), -weight_limit, weight_limit).astype(np.int8)
            base = n.input[1]
            constant(base + "_quantized", w_int)
            constant(base + "_scale", w_scale)
            constant(base + "_zero_point", np.zeros(channels, np.int8))
            new_nodes.append(helper.make_node("DequantizeLinear", [base + "_quantized", base + "_scale", base + "_zero_point"],
                                              [base + "_dq"], name=base + "_DequantizeLinear", axis=0))
            n.input[1] = base + "_dq"
            if len(n.input) > 2:
                bias = nh.to_array(initializers[n.input[2]]).astype(np.float64)
                b_scale = (x_scale.astype(np.float64) * w_scale.astype(np.float64))
                b_int = np.round(bias / b_scale).astype(np.int32)
                base = n.input[2]
                constant(base + "_quantized", b_int)
                constant(base + "_scale", b_scale.astype(np.float32))
                constant(base + "_zero_point", np.zeros(channels, np.int32))
                new_nodes.append(helper.make_node("DequantizeLinear", [base + "_quantized", base + "_scale", base + "_zero_point"],
                                                  [base + "_dq"], name=base + "_DequantizeLinear", axis=0))
                n.input[2] = base + "_dq"
        new_nodes.append(n)
        for out in n.output:
            if out in params:
                quantize_and_dequantize(out)
    # The float weights the integer ones replaced are no longer read.
    used = {name for node in new_nodes for name in node.input}
    kept = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept + new_initializers)
    del graph.node[:]
    graph.node.extend(new_nodes)
    onnx.checker.check_model(model)
    return model


def calibration_images(folders, held_out, count, size, seed):
    paths = []
    for folder in folders:
        paths += [os.path.join(folder, image) for image in sorted(read_folder(folder)) if split_key(folder, image) not in held_out]
    random.Random(seed).shuffle(paths)
    images = []
    for path in paths[:count]:
        rgb = np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255.0
        images.append(torch.from_numpy(letterbox(rgb, *size)[0]))
    return images


def reader_calibration_crops(folders, held_out, count, seed):
    """Plate crops as the reader is fed them (reader.py's preprocess): a crop folder's images whole,
    a scene or photo folder's labelled plates cut out at their boxes widened by the pipeline's
    margins (PlateCropper: 4% of the width and 8% of the height each side)."""
    jobs = []
    for folder in folders:
        with open(os.path.join(folder, "labels.csv"), newline="", encoding="utf-8") as f:
            columns = next(csv.reader(f))
        if "x" not in columns:
            jobs += [(folder, image, None) for image, _ in Crops(folder).rows]
            continue
        for image, quads in sorted(read_folder(folder).items()):
            if split_key(folder, image) not in held_out:
                jobs += [(folder, image, quad) for quad in quads]
    random.Random(seed).shuffle(jobs)
    crops = []
    for folder, image, quad in jobs[:count]:
        picture = Image.open(os.path.join(folder, image))
        if quad is not None:
            xs, ys = quad[0::2], quad[1::2]
            width, height = max(xs) - min(xs), max(ys) - min(ys)
            picture = picture.crop((max(0, round(min(xs) - 0.04 * width)), max(0, round(min(ys) - 0.08 * height)),
                                    min(picture.width, round(max(xs) + 0.04 * width)),
                                    min(picture.height, round(max(ys) + 0.08 * height))))
        crops.append(torch.from_numpy(preprocess(picture)))
    return crops


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="the float detector or reader: .onnx or a model package .tar")
    parser.add_argument("--data", action="append", default=[], help="a training folder with labels.csv (repeat the option)")
    parser.add_argument("--val-keys", default="", help="comma-separated split keys held out for validation (videos, groups): never calibrated on")
    parser.add_argument("--images", type=int, default=400, help="calibration frames (a reader's: crops), drawn from all folders together")
    parser.add_argument("--keep-float", action="append", default=[], help="convolutions whose name contains this stay float (repeat the option)")
    parser.add_argument("--weight-bits", type=int, choices=[7, 8], default=7,
                        help="7 (the default) runs right on every x86 CPU; 8 only where the CPU has VNNI (see above)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ranges", help="write the calibrated ranges here (JSON), for --load-ranges")
    parser.add_argument("--load-ranges", help="take the ranges from a file --ranges wrote instead of calibrating")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    model = read_model(args.model)
    dims = model.graph.input[0].type.tensor_type.shape.dim
    size = (dims[3].dim_value, dims[2].dim_value)
    names, _ = activations_to_quantize(model.graph)
    if args.load_ranges:
        with open(args.load_ranges) as f:
            stats = json.load(f)
    else:
        if not args.data:
            parser.error("give the calibration frames with --data (or --load-ranges)")
        held_out = {k for k in args.val_keys.split(",") if k}
        if grey_input(model.graph):  # a reader: calibrated on plate crops
            images = reader_calibration_crops(args.data, held_out, args.images, args.seed)
        else:
            images = calibration_images(args.data, held_out, args.images, size, args.seed)
        if len(images) < args.images:
            # Too few frames leave ranges that the first unusual frame exceeds: clipped, silently.
            parser.error(f"--images {args.images} asked for, but the --data folders hold only {len(images)} usable frames")
        print(f"calibrating {len(names)} tensors on {len(images)} frames at {size[0]}x{size[1]}", flush=True)
        stats = calibrate(model.graph, names, images)
    if args.ranges:
        with open(args.ranges, "w") as f:
            json.dump(stats, f)
    onnx.save(quantize(model, stats, args.keep_float, args.weight_bits), args.out)
    print("wrote", args.out, flush=True)


if __name__ == "__main__":
    main()
