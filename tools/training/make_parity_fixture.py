"""Writes the Python side of the preprocessing parity tests: for each PNG given, the input tensor as
little-endian float32 (.bin beside the PNG). With --detector the tensor is the detector's letterboxed
frame (detector.letterbox), otherwise the reader's crop tensor (reader.preprocess). The Java tests
(ReaderInputParityTest, DetectorInputParityTest) read the PNGs and .bin files and must compute the
same tensors. --letterbox WxH letterboxes into that size instead of the default 512x288 and writes
NAME_WxH.bin (a 640x360 frame into 320x180 is the exact half-size case, which Java computes on a path
of its own)."""
import sys

import numpy as np
from PIL import Image

from reader import preprocess

detector = "--detector" in sys.argv
size = None
if "--letterbox" in sys.argv:
    size = tuple(int(v) for v in sys.argv[sys.argv.index("--letterbox") + 1].split("x"))
if detector:
    from detector import letterbox

for path in (a for i, a in enumerate(sys.argv) if i > 0 and not a.startswith("--") and sys.argv[i - 1] != "--letterbox"):
    image = Image.open(path)
    if detector:
        rgb = np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0
        tensor, _ = letterbox(rgb, *size) if size else letterbox(rgb)
    else:
        tensor = preprocess(image)
    tensor.astype("<f4").tofile(path[:-4] + (f"_{size[0]}x{size[1]}" if size else "") + ".bin")
    print(path, tensor.shape, float(tensor.mean()))
