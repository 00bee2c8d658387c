"""Writes the Python side of the preprocessing parity tests: for each PNG given, the input tensor as
little-endian float32 (.bin beside the PNG). With --detector the tensor is the detector's letterboxed
frame (detector.letterbox), otherwise the reader's crop tensor (reader.preprocess). The Java tests
(ReaderInputParityTest, DetectorInputParityTest) read the PNGs and .bin files and must compute the
same tensors."""
import sys

import numpy as np
from PIL import Image

from reader import preprocess

detector = "--detector" in sys.argv
if detector:
    from detector import letterbox

for path in (a for a in sys.argv[1:] if not a.startswith("--")):
    image = Image.open(path)
    if detector:
        rgb = np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0
        tensor, _ = letterbox(rgb)
    else:
        tensor = preprocess(image)
    tensor.astype("<f4").tofile(path[:-4] + ".bin")
    print(path, tensor.shape, float(tensor.mean()))
