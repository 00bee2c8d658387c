#!/usr/bin/env python3
"""Copies a labelled photo folder (labels.csv: image,x,y,w,h[,...]) at most --width pixels wide, as JPEG, with its
boxes (and corners x1,y1..x4,y4 where given) scaled alike, leaving out the photos whose names start with --exclude.

For carrying the real training photos to a lent GPU machine (device/pack.sh --detector): the detector letterboxes
every frame into 640x360 as it loads it, so photos 640 pixels wide lose nothing it trains on, at a third of the bytes.
The copy keeps the folder's own name, which is how detector.py knows how to split it (by video or by group).
"""
import argparse
import csv
import os

from PIL import Image

SCALED = {"x", "y", "w", "h", "x1", "y1", "x2", "y2", "x3", "y3", "x4", "y4"}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", help="a folder with labels.csv")
    parser.add_argument("out", help="the parent folder of the copy (it is made as OUT/<the source's name>)")
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--quality", type=int, default=85)
    parser.add_argument("--exclude", default="", help="comma-separated starts of names to leave out (held-out videos, groups)")
    args = parser.parse_args()
    excluded = [p for p in args.exclude.split(",") if p]
    target = os.path.join(args.out, os.path.basename(os.path.normpath(args.source)))
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(args.source, "labels.csv"), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames
        rows = [row for row in reader if not any(row["image"].startswith(p) for p in excluded)]
    scales = {}
    for name in sorted({row["image"] for row in rows}):
        image = Image.open(os.path.join(args.source, name)).convert("RGB")
        scale = min(1.0, args.width / image.width)
        if scale < 1:
            image = image.resize((round(image.width * scale), round(image.height * scale)), Image.BILINEAR)
        image.save(os.path.join(target, os.path.splitext(name)[0] + ".jpg"), quality=args.quality)
        scales[name] = scale
    with open(os.path.join(target, "labels.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            scale = scales[row["image"]]
            row = {k: (f"{float(v) * scale:.1f}" if k in SCALED and v not in ("", None) else v) for k, v in row.items()}
            row["image"] = os.path.splitext(row["image"])[0] + ".jpg"
            writer.writerow(row)
    print(f"{target}: {len(scales)} photos, {len(rows)} plates")


if __name__ == "__main__":
    main()
