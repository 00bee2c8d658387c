"""Writes the Python side of the preprocessing parity test: for each PNG given, the reader's input
tensor as little-endian float32 (.bin beside the PNG). The Java test (ReaderInputParityTest) reads
the PNGs and the .bin files and must compute the same tensors."""
import sys

import numpy as np
from PIL import Image

from reader import preprocess

for path in sys.argv[1:]:
    tensor = preprocess(Image.open(path))
    tensor.astype("<f4").tofile(path[:-4] + ".bin")
    print(path, tensor.shape, float(tensor.mean()))
