"""Writes the trap detector of RecognitionIT (assembly/src/test/resources/models/trap-detector.onnx): a
network with the inputs and outputs of the shipped detector that finds nothing in a uniform image
(the zeros the model registry checks a package with, and the grey frame a swap warms up on) and fails
in ONNX Runtime on any other image, so that a swap to it passes warm-up and rolls back on the first
live frame. Its scores are reshaped to 64 + (max - min > 0.01) columns, which no batch of 64 fits.

    python3 tools/training/make_trap_detector.py assembly/src/test/resources/models/trap-detector.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def constant(name, values, dtype):
    return numpy_helper.from_array(np.array(values, dtype=dtype), name)


def build():
    nodes = [
        helper.make_node("Flatten", ["image"], ["flat"], axis=1),
        helper.make_node("Slice", ["flat", "zero", "corner_values", "one"], ["first"]),
        helper.make_node("Mul", ["first", "nothing"], ["blank"]),
        helper.make_node("Slice", ["blank", "zero", "columns", "one"], ["blank_scores"]),
        helper.make_node("Reshape", ["blank", "corner_shape"], ["cell_corners"]),
        helper.make_node("Identity", ["blank_scores"], ["cells"]),
        helper.make_node("ReduceMax", ["image"], ["brightest"], keepdims=0),
        helper.make_node("ReduceMin", ["image"], ["darkest"], keepdims=0),
        helper.make_node("Sub", ["brightest", "darkest"], ["spread"]),
        helper.make_node("Greater", ["spread", "uniform"], ["textured"]),
        helper.make_node("Cast", ["textured"], ["trap"], to=TensorProto.INT64),
        helper.make_node("Unsqueeze", ["trap", "zero"], ["trap_1d"]),
        helper.make_node("Add", ["columns", "trap_1d"], ["trap_columns"]),
        helper.make_node("Concat", ["any", "trap_columns"], ["score_shape"], axis=0),
        helper.make_node("Reshape", ["blank_scores", "score_shape"], ["scores"]),
    ]
    initializers = [
        constant("zero", [0], np.int64),
        constant("one", [1], np.int64),
        constant("columns", [64], np.int64),
        constant("corner_values", [64 * 8], np.int64),
        constant("corner_shape", [-1, 64, 8], np.int64),
        constant("any", [-1], np.int64),
        constant("nothing", 0.0, np.float32),
        constant("uniform", 0.01, np.float32),
    ]
    graph = helper.make_graph(
        nodes, "trap-detector",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 3, 360, 640])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["batch", 64]),
         helper.make_tensor_value_info("cells", TensorProto.FLOAT, ["batch", 64]),
         helper.make_tensor_value_info("cell_corners", TensorProto.FLOAT, ["batch", 64, 8])],
        initializers)
    model = helper.make_model(graph, producer_name="platewise make_trap_detector.py",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model


if __name__ == "__main__":
    onnx.save(build(), sys.argv[1])
