#!/usr/bin/env python3
"""Cuts reader training crops out of scene datasets the way the pipeline does: the plate's
quadrilateral (from labels.csv x1,y1..x4,y4, or its box) widened by the same margins as the Java
PlateCropper (4% of the width, 8% of the height on each side) and straightened by a perspective
transform, with the corners jittered as a detector's are (a few % of the plate's size), so that the
reader learns from the crops it will be given.

With --predictions (a `bin/platewise eval --json` file of the same folder, best run with
`--verify 0 --min-characters 0` so that no detection is dropped) each labelled plate is cut at the
corners of the detection that found it instead: a detector's own geometry (how short, tall or
shifted its boxes are), which the jitter only imitates. Plates it did not find are left out.

  python3 scene_crops.py --scenes /tmp/scenes-train --out /tmp/scene-crops-train --per-plate 3
  python3 scene_crops.py --scenes /tmp/scenes-train --predictions eval.json --out /tmp/cut-crops-train
"""
import argparse
import csv
import json
import os
import random

import numpy as np
from PIL import Image

MARGIN_X, MARGIN_Y, MAX_WIDTH = 0.04, 0.08, 320


def perspective_coefficients(source_quad, width, height, mx, my):
    """PIL's PERSPECTIVE data: maps output (x, y) to input (u, v); plate corners sit inside the margin."""
    target = [(mx, my), (width - mx, my), (width - mx, height - my), (mx, height - my)]
    rows, rhs = [], []
    for (x, y), (u, v) in zip(target, source_quad):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rhs.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.append(v)
    return np.linalg.solve(np.array(rows, dtype=np.float64), np.array(rhs, dtype=np.float64)).tolist()


def rectify(image, quad):
    q = np.asarray(quad, dtype=np.float64).reshape(4, 2)
    plate_w = max(np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[2] - q[3]))
    plate_h = max(np.linalg.norm(q[3] - q[0]), np.linalg.norm(q[2] - q[1]))
    shrink = min(1.0, MAX_WIDTH / max(1.0, plate_w))
    width = max(8, round(plate_w * (1 + 2 * MARGIN_X) * shrink))
    height = max(4, round(plate_h * (1 + 2 * MARGIN_Y) * shrink))
    mx = width * MARGIN_X / (1 + 2 * MARGIN_X)
    my = height * MARGIN_Y / (1 + 2 * MARGIN_Y)
    coefficients = perspective_coefficients([tuple(p) for p in q], width, height, mx, my)
    return image.transform((width, height), Image.PERSPECTIVE, coefficients, Image.BILINEAR)


def jitter(quad, amount, rng):
    q = np.asarray(quad, dtype=np.float64).reshape(4, 2)
    size = np.array([np.ptp(q[:, 0]), np.ptp(q[:, 1])])
    return (q + rng.normal(0, amount, (4, 2)) * size).reshape(8).tolist()


def plates(args):
    """(image, text, quad) of every plate to cut: the labels' quadrilaterals, or the matched detections'."""
    if not args.predictions:
        with open(os.path.join(args.scenes, "labels.csv"), newline="", encoding="utf-8") as labels:
            for row in csv.DictReader(labels):
                if row.get("plate"):
                    yield row["image"], row["plate"], [float(row[k]) for k in ("x1", "y1", "x2", "y2", "x3", "y3", "x4", "y4")]
        return
    with open(args.predictions, encoding="utf-8") as f:
        predictions = json.load(f)["predictions"]
    for image in predictions:
        for plate in image["plates"]:
            found = plate.get("detection")
            if plate.get("label") and found is not None:
                yield image["image"], plate["label"], image["detections"][found]["corners"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenes", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--per-plate", type=int, default=3)
    parser.add_argument("--jitter", type=float, default=0.03, help="corner noise, in fractions of the plate's size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--predictions", help="bin/platewise eval --json of these scenes: cut at the detector's corners")
    parser.add_argument("--min-width", type=float, default=0,
                        help="leave out plates narrower than this many pixels in the scene (ones too blurred to read teach guessing)")
    parser.add_argument("--prefix", default="scene", help="crop file names' prefix (folders cut apart can then be merged)")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    count = 0
    with open(os.path.join(args.out, "labels.csv"), "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["image", "plate"])
        opened, image = None, None
        for image_name, plate, quad in plates(args):
            if np.ptp(np.asarray(quad).reshape(4, 2)[:, 0]) < args.min_width:
                continue
            if image_name != opened:  # an image's plates come one after another: decoded once
                opened, image = image_name, Image.open(os.path.join(args.scenes, image_name)).convert("RGB")
            for k in range(args.per_plate):
                crop = rectify(image, quad if k == 0 else jitter(quad, args.jitter, rng))
                name = f"{args.prefix}_{count:06d}.png"
                crop.save(os.path.join(args.out, name))
                writer.writerow([name, plate])
                count += 1
    print(f"wrote {count} crops to {args.out}")


if __name__ == "__main__":
    main()
