"""Builds a Platewise model package (.tar) from an ONNX file: descriptor.json with the sha256 of
every file, the I/O shapes, preprocessing, charset, metrics and lineage. The registry of a host
(POST /api/models) checks all of it before installing.

  python3 package_model.py --onnx out/reader.onnx --name reader-synth --version 0.1.0 \
      --task plate-reader --metrics out/metrics.json --lineage lineage.json --out reader-synth-0.1.0.tar
"""
import argparse
import hashlib
import io
import json
import os
import tarfile
import tempfile

import onnx
from onnx import numpy_helper

from detector import FILL, INPUT_MEAN, INPUT_STD, STRIDE
from reader import CHARSET, HEIGHT, STEPS, WIDTH

def strip_normalisation(model):
    """Removes the detector graph's leading Sub and Div (two passes over the whole input in ONNX
    Runtime) so that the caller's letterbox normalises instead: the descriptor then gives mean and
    std. Only the exact graph detector.py exports is changed; anything else is an error."""
    graph = model.graph
    constants = {}
    for node in graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value" and not node.attribute[0].t.dims:
            constants[node.output[0]] = float(numpy_helper.to_array(node.attribute[0].t))
    constants.update({i.name: float(numpy_helper.to_array(i)) for i in graph.initializer if not i.dims})
    image = graph.input[0].name
    sub = next((n for n in graph.node if n.op_type == "Sub" and n.input[0] == image), None)
    div = next((n for n in graph.node if sub is not None and n.op_type == "Div" and n.input[0] == sub.output[0]), None)
    if sub is None or div is None or constants.get(sub.input[1]) != INPUT_MEAN or constants.get(div.input[1]) != INPUT_STD:
        raise SystemExit(f"--normalise-outside: the graph does not start with (x - {INPUT_MEAN}) / {INPUT_STD}")
    if sum(image in n.input for n in graph.node) != 1 or sum(sub.output[0] in n.input for n in graph.node) != 1:
        raise SystemExit("--normalise-outside: the input or its difference is used elsewhere in the graph")
    normalised = div.output[0]
    for node in graph.node:
        for k, name in enumerate(node.input):
            if name == normalised:
                node.input[k] = image
    used = {name for n in graph.node if n not in (sub, div) for name in n.input}
    for node in [sub, div] + [n for n in graph.node if n.op_type == "Constant" and n.output[0] in (sub.input[1], div.input[1])
                              and n.output[0] not in used]:
        graph.node.remove(node)
    onnx.checker.check_model(model)
    return model


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--onnx", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--task", choices=["plate-reader", "plate-detector"], default="plate-reader")
    parser.add_argument("--metrics")
    parser.add_argument("--lineage", help="JSON file: datasets with licences, code, teacher models")
    parser.add_argument("--out", required=True)
    parser.add_argument("--normalise-outside", action="store_true",
                        help="detector: take (x - 0.5) / 0.25 out of the graph and into the descriptor (mean, std), for "
                             "the letterbox to apply at one addition per sample")
    args = parser.parse_args()
    if args.normalise_outside:
        if args.task != "plate-detector":
            raise SystemExit("--normalise-outside is for plate detectors")
        stripped = os.path.join(tempfile.mkdtemp(), "model.onnx")
        onnx.save(strip_normalisation(onnx.load(args.onnx)), stripped)
        args.onnx = stripped
    descriptor = {
        "formatVersion": 1, "name": args.name, "version": args.version, "task": args.task,
        "files": [{"path": "model.onnx", "sha256": sha256(args.onnx), "size": os.path.getsize(args.onnx), "role": "model"}],
        "metrics": json.load(open(args.metrics)) if args.metrics else {},
        "lineage": json.load(open(args.lineage)) if args.lineage else {},
        "tensorrtPlans": [],
    }
    if args.task == "plate-reader":
        descriptor.update({
            "description": "CRNN + CTC plate reader, 128x32 grey input",
            "inputs": [{"name": "x", "shape": [-1, 1, HEIGHT, WIDTH], "type": "float32"}],
            "outputs": [{"name": "y", "shape": [-1, STEPS, len(CHARSET) + 1], "type": "float32"}],
            "preprocessing": {"colour": "grey", "height": HEIGHT, "width": WIDTH, "keepAspect": False, "scale": "v/255",
                              "mean": 0.5, "std": 0.5, "decode": "ctc-greedy", "blank": 0},
            "charset": CHARSET})
    else:
        # The letterbox the network was exported for (detector.py --input), read from the file itself.
        graph = onnx.load(args.onnx).graph
        dims = graph.input[0].type.tensor_type.shape.dim
        DH, DW = dims[2].dim_value, dims[3].dim_value
        quantized = any(n.op_type == "QuantizeLinear" for n in graph.node)  # quantize.py's output
        GH, GW = DH // STRIDE, DW // STRIDE
        if {o.name for o in graph.output} == {"scores", "cells", "cell_corners"}:  # sparse_corners.py's output
            peaks = graph.output[0].type.tensor_type.shape.dim[1].dim_value
            outputs = [{"name": "scores", "shape": [-1, peaks], "type": "float32"},
                       {"name": "cells", "shape": [-1, peaks], "type": "float32"},
                       {"name": "cell_corners", "shape": [-1, peaks, 8], "type": "float32"}]
            decode = "strongest-peaks-and-corners"
        else:
            outputs = [{"name": "peaks", "shape": [-1, 1, GH, GW], "type": "float32"},
                       {"name": "corners", "shape": [-1, 8, GH, GW], "type": "float32"}]
            decode = "peaks-and-corners"
        descriptor.update({
            "description": f"Single-stage plate detector (centre heatmap + four corners, stride {STRIDE}), {DW}x{DH} RGB letterbox"
                           + (", 8-bit weights and activations (QDQ, for ONNX Runtime on CPUs)" if quantized else "")
                           + (", corners at the strongest peaks only" if decode != "peaks-and-corners" else ""),
            "inputs": [{"name": "image", "shape": [-1, 3, DH, DW], "type": "float32"}],
            "outputs": outputs,
            "preprocessing": {"colour": "rgb", "height": DH, "width": DW, "keepAspect": True, "placement": "top-left",
                              "fill": FILL, "scale": "v/255", "stride": STRIDE, "decode": decode}})
        if args.normalise_outside:
            # The tensor is (v/255 - mean) / std, the letterbox's grey fill included.
            descriptor["preprocessing"].update({"mean": INPUT_MEAN, "std": INPUT_STD})
    with tarfile.open(args.out, "w") as tar:
        data = json.dumps(descriptor, indent=2).encode("utf-8")
        info = tarfile.TarInfo("descriptor.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        tar.add(args.onnx, arcname="model.onnx")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
