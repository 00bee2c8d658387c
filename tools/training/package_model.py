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

import onnx

from reader import CHARSET, HEIGHT, STEPS, WIDTH


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
    args = parser.parse_args()
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
        from detector import STRIDE, FILL
        # The letterbox the network was exported for (detector.py --input), read from the file itself.
        graph = onnx.load(args.onnx).graph
        dims = graph.input[0].type.tensor_type.shape.dim
        DH, DW = dims[2].dim_value, dims[3].dim_value
        quantized = any(n.op_type == "QuantizeLinear" for n in graph.node)  # quantize.py's output
        descriptor.update({
            "description": f"Single-stage plate detector (centre heatmap + four corners, stride {STRIDE}), {DW}x{DH} RGB letterbox"
                           + (", 8-bit weights and activations (QDQ, for ONNX Runtime on CPUs)" if quantized else ""),
            "inputs": [{"name": "image", "shape": [-1, 3, DH, DW], "type": "float32"}],
            "outputs": [{"name": "peaks", "shape": [-1, 1, DH // STRIDE, DW // STRIDE], "type": "float32"},
                        {"name": "corners", "shape": [-1, 8, DH // STRIDE, DW // STRIDE], "type": "float32"}],
            "preprocessing": {"colour": "rgb", "height": DH, "width": DW, "keepAspect": True, "placement": "top-left",
                              "fill": FILL, "scale": "v/255", "stride": STRIDE, "decode": "peaks-and-corners"}})
    with tarfile.open(args.out, "w") as tar:
        data = json.dumps(descriptor, indent=2).encode("utf-8")
        info = tarfile.TarInfo("descriptor.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        tar.add(args.onnx, arcname="model.onnx")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
