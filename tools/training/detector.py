#!/usr/bin/env python3
"""Plate detector: a small single-stage, anchor-free network (a centre heatmap and the four plate
corners regressed from the centre cell, stride 4) for full frames.

Input: the frame letterboxed into 512x288 or the size --input gives (scaled to fit, placed top-left,
the rest filled with grey 0.5), RGB in [0, 1], NCHW. The resize is the spelled-out half-pixel bilinear of reader.py,
the same arithmetic as the Java side (PlateDetector), so both sides see the same tensor.
Outputs: `peaks` (N,1,72,128 at 512x288): the centre heatmap, already sigmoid-ed and kept only where it is a
3x3 local maximum (non-maximum suppression done in the graph), and `corners` (N,8,72,128): for
each cell, x1,y1..x4,y4 of the plate corners (top-left, top-right, bottom-right, bottom-left) in
input pixels relative to the cell's centre.

Data: folders with labels.csv (image,x,y,w,h[,...,x1,y1..x4,y4]). Rows without corners (real
sets labelled with boxes only) use the box's corners. Images of one folder without rows are
negatives. Split real sets by video or group (see --val-*), never by frame.

Networks (--arch): PlateNet, every shipped detector's, and PlateNetLite, the same grid and outputs with a
cheaper stride-4 level; a PlateNetLite starts from a trained PlateNet's shared layers (--init-onnx), learns
its new stem to give that PlateNet's stride-4 features first (--stem-steps), then everything, with the
PlateNet's heatmap as a second target (--teacher, --distil).

Checkpoints after every epoch into OUT/checkpoint.pt and resumes from it, so a run can be cut into
pieces; --minutes bounds one piece.
"""
import argparse
import csv
import json
import math
import multiprocessing
import os
import random
import re
import time
from collections import defaultdict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

from onnx_init import load_onnx_weights
from reader import load_weights, resize_bilinear, save_weights

WIDTH, HEIGHT, STRIDE = 512, 288, 4  # the input size unless --input says otherwise
OFFSET_SCALE = 32.0  # corner offsets are learnt divided by this (input pixels)
FILL = 0.5
# The network's first step on the [0, 1] letterbox; package_model.py --normalise-outside moves it into the descriptor.
INPUT_MEAN, INPUT_STD = 0.5, 0.25


def letterbox(rgb, width=WIDTH, height=HEIGHT):
    """rgb: HxWx3 float32 in [0,1] -> (3 x height x width float32, scale)."""
    h, w = rgb.shape[:2]
    scale = min(width / w, height / h)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    out = np.full((3, height, width), FILL, dtype=np.float32)
    for c in range(3):
        out[c, :nh, :nw] = resize_bilinear(rgb[:, :, c], nh, nw)
    return out, scale


def read_folder(folder):
    """-> {image: [quad(8 floats)]}, with every image of the folder (negatives have no quads)."""
    quads = defaultdict(list)
    with open(os.path.join(folder, "labels.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("x1"):
                quad = [float(row[k]) for k in ("x1", "y1", "x2", "y2", "x3", "y3", "x4", "y4")]
            else:
                x, y, w, h = (max(0.0, float(row[k])) for k in ("x", "y", "w", "h"))
                quad = [x, y, x + w, y, x + w, y + h, x, y + h]
            quads[row["image"]].append(quad)
    for name in os.listdir(folder):
        if name.lower().endswith((".jpg", ".jpeg", ".png")):
            quads.setdefault(name, [])
    return quads


def split_key(folder, image):
    """The unit a real set must be split by: romania-lp by video, pku by group, synthetic by image."""
    if os.path.basename(folder.rstrip("/")) == "romania-lp":
        return re.sub(r"_t[0-9.]+\.jpg$", "", image)
    if os.path.basename(folder.rstrip("/")) == "pku":
        return image.split("_")[0]
    return image


def load_one(job):
    folder, name, quads, size = job
    rgb = np.asarray(Image.open(os.path.join(folder, name)).convert("RGB"), dtype=np.float32) / 255.0
    tensor, scale = letterbox(rgb, *size)
    return name, (tensor * 255).astype(np.uint8), [[v * scale for v in q] for q in quads]


def load(folder, names_quads, size, pool=None):
    """The folder's images letterboxed into size, as bytes, with their quads scaled alike; on a pool's processes when given."""
    jobs = [(folder, name, quads, size) for name, quads in sorted(names_quads.items())]
    return pool.map(load_one, jobs, chunksize=8) if pool else [load_one(job) for job in jobs]


def gather(folders, val_keys, size, pool=None):
    train, val = [], []
    for spec in folders:
        folder, _, weight = spec.partition(":")
        quads = read_folder(folder)
        held = {n: q for n, q in quads.items() if split_key(folder, n) in val_keys}
        kept = {n: q for n, q in quads.items() if n not in held}
        train += load(folder, kept, size, pool) * int(weight or 1)
        val += load(folder, held, size, pool)
        print(f"{folder}: {len(kept)} train, {len(held)} validation images", flush=True)
    return train, val


class Views(torch.utils.data.IterableDataset):
    """Training batches made on loader processes (--workers): each of batch()'s views costs a few milliseconds of CPU,
    which on a GPU would leave the network waiting. Each process draws from its own seed."""

    def __init__(self, items, size, seed):
        self.items, self.size, self.seed = items, size, seed

    def __iter__(self):
        worker = torch.utils.data.get_worker_info()
        if worker is not None:
            random.seed(self.seed * 1000 + worker.id)
            torch.manual_seed(self.seed * 1000 + worker.id)
        while True:
            images, quads = batch(self.items, self.size)
            yield (images, *targets(quads, images.shape[2], images.shape[3]))


def conv_bn(i, o, k=3, s=1, groups=1, dilation=1):
    return nn.Sequential(nn.Conv2d(i, o, k, s, dilation * (k // 2), dilation=dilation, groups=groups, bias=False),
                         nn.BatchNorm2d(o), nn.ReLU(inplace=True))


class Separable(nn.Module):
    def __init__(self, i, o, s=1, dilation=1):
        super().__init__()
        self.body = nn.Sequential(conv_bn(i, i, 3, s, groups=i, dilation=dilation), conv_bn(i, o, 1))
        self.residual = s == 1 and i == o

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


class PlateNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(conv_bn(3, 16, 3, 2), Separable(16, 32, 2), Separable(32, 32))           # /4
        self.down8 = nn.Sequential(Separable(32, 64, 2), Separable(64, 64), Separable(64, 64))            # /8
        self.down16 = nn.Sequential(Separable(64, 128, 2), Separable(128, 128), Separable(128, 128, dilation=2))  # /16
        self.down32 = nn.Sequential(Separable(128, 160, 2), Separable(160, 160), Separable(160, 160, dilation=2))  # /32
        self.lat16 = conv_bn(160, 128, 1)
        self.lat8 = conv_bn(128, 64, 1)
        self.lat4 = conv_bn(64, 32, 1)
        self.smooth16 = Separable(128, 128)
        self.smooth8 = Separable(64, 64)
        self.smooth4 = Separable(32, 32)
        self.heat = nn.Sequential(conv_bn(32, 32), nn.Conv2d(32, 1, 1))
        self.corners = nn.Sequential(conv_bn(32, 32), nn.Conv2d(32, 8, 1))
        nn.init.constant_(self.heat[-1].bias, -4.6)  # start near p=0.01, as focal-loss detectors do

    def grid_features(self, x):
        """The stride-4 features down8 reads (what --stem-steps teaches a new stem to give)."""
        return self.stem((x - INPUT_MEAN) / INPUT_STD)

    def forward(self, x):
        c4 = self.grid_features(x)
        c8 = self.down8(c4)
        c16 = self.down16(c8)
        c32 = self.down32(c16)
        p16 = self.smooth16(c16 + F.interpolate(self.lat16(c32), size=c16.shape[2:], mode="nearest"))
        p8 = self.smooth8(c8 + F.interpolate(self.lat8(p16), size=c8.shape[2:], mode="nearest"))
        p4 = self.smooth4(c4 + F.interpolate(self.lat4(p8), size=c4.shape[2:], mode="nearest"))
        return self.heat(p4), self.corners(p4)


class PlateNetLite(PlateNet):
    """PlateNet with a cheaper stride-4 level, at about 0.68 of its 8-bit time on one core (ONNX Runtime 1.29,
    640x360): the stride-4 grid, the outputs and the layers from stride 8 down are PlateNet's, so those start
    from a trained PlateNet's weights (--init-onnx) and only what differs is learnt anew. Profiled, the 8-bit
    PlateNet spends half its time at strides 2 and 4: its float first convolution (3 to 16 channels at stride
    2) and the depthwise one after it at 320x180, two depthwise convolutions of 32 channels at 160x90 and its
    heatmap head's 3x3 convolution of 32 to 32 channels there. Here one float convolution of 4x4 pixels at
    stride 4 reaches the grid at once (a patch of the picture per cell: half the multiplications of the 3x3 at
    stride 2 and no stride-2 level), one separable block follows, the top-down path's last smoothing is a
    pointwise convolution, and the heatmap head is 16 channels wide."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Sequential(nn.Conv2d(3, 16, 4, 4, 0, bias=False), nn.BatchNorm2d(16), nn.ReLU(inplace=True)),
            Separable(16, 32))                                                                             # /4
        self.smooth4 = conv_bn(32, 32, 1)
        self.heat = nn.Sequential(conv_bn(32, 16), nn.Conv2d(16, 1, 1))
        nn.init.constant_(self.heat[-1].bias, -4.6)


ARCHITECTURES = {"platenet": PlateNet, "lite": PlateNetLite}


def start_from(model, trained):
    """Copies into `model` every parameter and statistic of the `trained` network that has the same name and shape
    (a PlateNetLite from a PlateNet: everything from stride 8 down and the corner head); -> the names copied."""
    own = model.state_dict()
    copied = {k: v for k, v in trained.state_dict().items() if k in own and own[k].shape == v.shape}
    own.update(copied)
    model.load_state_dict(own)
    return sorted(copied)


class Exported(nn.Module):
    """The graph that ships: sigmoid, 3x3 peak suppression and corner offsets in input pixels."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, image):
        logits, corners = self.net(image)
        heat = torch.sigmoid(logits)
        peaks = heat * (F.max_pool2d(heat, 3, 1, 1) == heat).float()
        return peaks, corners * OFFSET_SCALE


def targets(quads_batch, size_h, size_w):
    gh, gw = size_h // STRIDE, size_w // STRIDE
    heat = np.zeros((len(quads_batch), 1, gh, gw), np.float32)
    reg = np.zeros((len(quads_batch), 8, gh, gw), np.float32)
    mask = np.zeros((len(quads_batch), 1, gh, gw), np.float32)
    ys, xs = np.mgrid[0:gh, 0:gw].astype(np.float32)
    for b, quads in enumerate(quads_batch):
        for q in quads:
            q = np.asarray(q, np.float32).reshape(4, 2)
            cx, cy = q[:, 0].mean() / STRIDE, q[:, 1].mean() / STRIDE
            if not (0 <= cx < gw and 0 <= cy < gh):
                continue
            w = (q[:, 0].max() - q[:, 0].min()) / STRIDE
            h = (q[:, 1].max() - q[:, 1].min()) / STRIDE
            if w < 1.5:
                continue  # under 6 input pixels wide: nothing to learn from
            sx, sy = max(0.6, w / 6), max(0.6, h / 6)
            g = np.exp(-(((xs + 0.5 - cx) / sx) ** 2 + ((ys + 0.5 - cy) / sy) ** 2) / 2)
            ci, cj = int(cy), int(cx)
            g[ci, cj] = 1.0
            heat[b, 0] = np.maximum(heat[b, 0], g)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    i, j = ci + di, cj + dj
                    if 0 <= i < gh and 0 <= j < gw:
                        centre = np.array([(j + 0.5) * STRIDE, (i + 0.5) * STRIDE], np.float32)
                        reg[b, :, i, j] = ((q - centre) / OFFSET_SCALE).reshape(8)
                        mask[b, 0, i, j] = 1.0 if (di, dj) == (0, 0) else 0.5
    return torch.from_numpy(heat), torch.from_numpy(reg), torch.from_numpy(mask)


def focal_loss(logits, target):
    p = torch.sigmoid(logits).clamp(1e-4, 1 - 1e-4)
    positive = target.eq(1).float()
    pos = -torch.log(p) * (1 - p) ** 2 * positive
    neg = -torch.log(1 - p) * p ** 2 * (1 - target) ** 4 * (1 - positive)
    return (pos.sum() + neg.sum()) / positive.sum().clamp(min=1)


def distillation_loss(logits, taught, target):
    """The teacher's heatmap (probabilities) as a soft target, weighted as focal_loss weighs its cells (where
    the two differ most) and scaled as it is (per plate of the views), so that both losses count alike."""
    p = torch.sigmoid(logits)
    loss = F.binary_cross_entropy_with_logits(logits, taught, reduction="none") * (p - taught).abs() ** 2
    return loss.sum() / target.eq(1).float().sum().clamp(min=1)


def batch(items, size, crop=256):
    """Random scale, crop, flip and colour: a crop x crop training view of each item."""
    images, quads_batch = [], []
    for _ in range(size):
        name, image, quads = random.choice(items)
        height, width = image.shape[1:]
        scale = math.exp(random.uniform(math.log(0.55), math.log(1.6)))
        view = crop / scale
        x0 = random.uniform(-view * 0.1, max(0.0, width - view * 0.9))
        y0 = random.uniform(-view * 0.1, max(0.0, height - view * 0.9))
        if quads and random.random() < 0.7:  # most views hold a plate
            q = random.choice(quads)
            cx, cy = sum(q[0::2]) / 4, sum(q[1::2]) / 4
            x0 = cx - random.uniform(0.15, 0.85) * view
            y0 = cy - random.uniform(0.15, 0.85) * view
        theta = torch.tensor([[view / width, 0, (2 * x0 + view) / width - 1],
                              [0, view / height, (2 * y0 + view) / height - 1]], dtype=torch.float32)
        source = torch.from_numpy(image).float().unsqueeze(0) / 255.0
        grid = F.affine_grid(theta.unsqueeze(0), (1, 3, crop, crop), align_corners=False)
        out = F.grid_sample(source - FILL, grid, mode="bilinear", padding_mode="zeros", align_corners=False)[0] + FILL
        moved = [[(q[k] - (x0 if k % 2 == 0 else y0)) * scale for k in range(8)] for q in quads]
        if random.random() < 0.5:
            out = out.flip(2)
            moved = [[crop - m[2], m[3], crop - m[0], m[1], crop - m[6], m[7], crop - m[4], m[5]] for m in moved]
        if random.random() < 0.2:
            out = out.mean(0, keepdim=True).expand(3, -1, -1).clone()
        out = (out - 0.5) * random.uniform(0.6, 1.4) + 0.5 + random.uniform(-0.2, 0.2)
        out = out * torch.empty(3, 1, 1).uniform_(0.85, 1.15)
        if random.random() < 0.3:
            out = out + torch.randn_like(out) * random.uniform(0.01, 0.05)
        images.append(out.clamp(0, 1))
        quads_batch.append(moved)
    return torch.stack(images), quads_batch


def decode(peaks, corners, threshold):
    found = []
    ys, xs = np.nonzero(peaks[0] >= threshold)
    for i, j in zip(ys, xs):
        centre = np.array([(j + 0.5) * STRIDE, (i + 0.5) * STRIDE] * 4, np.float32)
        found.append((float(peaks[0, i, j]), corners[:, i, j] + centre))
    return found


def iou(a, b):
    ax0, ay0, ax1, ay1 = a[0::2].min(), a[1::2].min(), a[0::2].max(), a[1::2].max()
    bx0, by0, bx1, by1 = b[0::2].min(), b[1::2].min(), b[0::2].max(), b[1::2].max()
    iw, ih = max(0.0, min(ax1, bx1) - max(ax0, bx0)), max(0.0, min(ay1, by1) - max(ay0, by0))
    inter = iw * ih
    union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter
    return inter / union if union > 0 else 0.0


def evaluate(model, items, threshold=0.3):
    exported = Exported(model).eval()
    hits = truth = found_total = 0
    with torch.no_grad():
        for k in range(0, len(items), 16):
            chunk = items[k:k + 16]
            x = torch.from_numpy(np.stack([c[1] for c in chunk])).float() / 255.0
            peaks, corners = exported(x)
            for n, (_, _, quads) in enumerate(chunk):
                found = decode(peaks[n].numpy(), corners[n].numpy(), threshold)
                found.sort(key=lambda f: -f[0])
                kept = []
                for f in found:
                    if all(iou(f[1], g[1]) < 0.5 for g in kept):
                        kept.append(f)
                used = set()
                for q in quads:
                    q = np.asarray(q, np.float32)
                    if (q[0::2].max() - q[0::2].min()) < 6:
                        continue
                    truth += 1
                    best = max(((iou(q, f[1]), m) for m, f in enumerate(kept) if m not in used), default=(0, -1))
                    if best[0] >= 0.5:
                        hits += 1
                        used.add(best[1])
                found_total += len(kept)
    return {"recall": hits / max(1, truth), "precision": hits / max(1, found_total),
            "fp_per_image": (found_total - hits) / max(1, len(items)), "plates": truth, "images": len(items)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", action="append", required=True, help="a folder with labels.csv, optionally FOLDER:N to sample it N times as often (repeat the option)")
    parser.add_argument("--val-keys", default="", help="comma-separated split keys held out (videos, groups)")
    parser.add_argument("--val-data", action="append", default=[], help="a folder used only for validation")
    parser.add_argument("--out", required=True)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--steps", type=int, default=6000, help="length of the whole schedule (0: export the starting weights)")
    parser.add_argument("--batch", type=int, default=24)
    parser.add_argument("--init", help="a checkpoint whose weights start this run (fine-tuning: a fresh schedule of --steps at --max-lr)")
    parser.add_argument("--init-onnx", help="a shipped model (.onnx or package .tar) whose weights start this run, as --init does")
    parser.add_argument("--input", default=f"{WIDTH}x{HEIGHT}", help="the letterbox the detector runs on, WIDTHxHEIGHT (multiples of the stride, 4)")
    parser.add_argument("--max-lr", type=float, default=2e-3)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--workers", type=int, default=0,
                        help="processes that load the images and make the training views (0: this one, as every shipped model was trained)")
    parser.add_argument("--time-schedule", action="store_true",
                        help="the one-cycle schedule runs over --minutes of this run rather than over --steps (a run bounded by a lent GPU's time)")
    parser.add_argument("--arch", choices=sorted(ARCHITECTURES), default="platenet",
                        help="the network: platenet (every shipped detector) or lite (PlateNetLite: a cheaper stride-4 level)")
    parser.add_argument("--teacher", help="a shipped float detector (.onnx or package .tar) whose heatmap the network also learns "
                                          "to give (distillation, weighted by --distil), on the same training views")
    parser.add_argument("--distil", type=float, default=1.0, help="the weight of the teacher's heatmap in the loss")
    parser.add_argument("--stem-steps", type=int, default=0,
                        help="with --teacher: first train only the stem, to give the teacher's stride-4 features, for this "
                             "many steps, then everything")
    parser.add_argument("--no-export", action="store_true",
                        help="leave detector.onnx out: export where the shipped models were exported, from weights.npz with --init")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    random.seed(1)
    torch.manual_seed(1)
    os.makedirs(args.out, exist_ok=True)

    size = tuple(int(v) for v in args.input.split("x"))
    if len(size) != 2 or any(v % STRIDE for v in size):
        parser.error(f"--input is WIDTHxHEIGHT in multiples of {STRIDE}, not {args.input}")
    val_keys = {k for k in args.val_keys.split(",") if k}
    pool = multiprocessing.Pool(args.workers) if args.workers else None
    train, val = gather(args.data, val_keys, size, pool)
    for folder in args.val_data:
        val += load(folder, read_folder(folder), size, pool)
    if pool:
        pool.close()
    loader = iter(torch.utils.data.DataLoader(Views(train, args.batch, 1), batch_size=None, num_workers=args.workers,
                                              prefetch_factor=4)) if args.workers else None
    device = torch.device(args.device)
    model = ARCHITECTURES[args.arch]().to(device)
    drawn_views = []

    def load_shipped(net, path):
        """A shipped file's weights into `net`, its batch normalisations measured on eight training batches (drawn once)."""
        if not drawn_views:
            drawn_views.extend(batch(train, args.batch)[0].to(device) for _ in range(8))
        load_onnx_weights(Exported(net), path, drawn_views[0][:1], drawn_views)
        return net

    teacher = None
    if args.teacher:
        teacher = load_shipped(PlateNet().to(device), args.teacher)
        teacher.eval()
        for parameter in teacher.parameters():
            parameter.requires_grad_(False)
        print(f"teacher {args.teacher}", flush=True)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.max_lr, weight_decay=1e-4)
    # --steps 0 trains nothing: the weights of --init or --init-onnx are validated and exported for --input.
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=args.max_lr, total_steps=max(1, args.steps), pct_start=0.05)
    step = 0
    checkpoint = os.path.join(args.out, "checkpoint.pt")
    if os.path.exists(checkpoint):
        state = torch.load(checkpoint, map_location=device)
        model.load_state_dict(state["model"])
        optimiser.load_state_dict(state["optimiser"])
        schedule.load_state_dict(state["schedule"])
        step = state["step"]
        print(f"resumed at step {step}", flush=True)
    elif args.init:
        model.load_state_dict(load_weights(args.init, device)["model"])
        print(f"weights from {args.init}", flush=True)
    elif args.init_onnx:
        if isinstance(model, PlateNetLite):
            # A PlateNet's file: loaded into a PlateNet (the teacher, when it is the same file), whose layers of
            # the same shape start this one.
            full = teacher if args.teacher == args.init_onnx else load_shipped(PlateNet().to(device), args.init_onnx)
            copied = start_from(model, full)
            print(f"{len(copied)} tensors from {args.init_onnx}", flush=True)
        else:
            load_shipped(model, args.init_onnx)
        print(f"weights from {args.init_onnx}", flush=True)

    started = time.time()
    model.train()
    budget = args.minutes * 60
    while step < args.steps and time.time() - started < budget:
        if args.time_schedule:
            # One cycle over the run's minutes: a 5% warm-up, then a cosine down to 1/1000 of the peak.
            done = (time.time() - started) / budget
            warm = 0.05
            factor = done / warm if done < warm else 0.5 * (1 + math.cos(math.pi * (done - warm) / (1 - warm)))
            for group in optimiser.param_groups:
                group["lr"] = args.max_lr * max(1e-3, factor)
        if loader is not None:
            images, heat, reg, mask = next(loader)
        else:
            images, quads = batch(train, args.batch)
            heat, reg, mask = targets(quads, images.shape[2], images.shape[3])
        images, heat, reg, mask = images.to(device), heat.to(device), reg.to(device), mask.to(device)
        if teacher is not None and step < args.stem_steps:
            # The new stem first learns to give the teacher's stride-4 features, so that the layers copied
            # from the teacher read what they were trained on before anything else moves (only the stem
            # gets gradients: nothing else is in this loss).
            with torch.no_grad():
                wanted = teacher.grid_features(images)
            loss_heat = F.mse_loss(model.grid_features(images), wanted)
            loss_reg = torch.zeros(())
            loss = loss_heat
        else:
            logits, corners = model(images)
            loss_heat = focal_loss(logits, heat)
            loss_reg = (F.smooth_l1_loss(corners, reg, reduction="none", beta=0.05) * mask).sum() / mask.sum().clamp(min=1) / 8 * 4
            loss = loss_heat + loss_reg
            if teacher is not None:
                with torch.no_grad():
                    taught = torch.sigmoid(teacher(images)[0])
                loss = loss + args.distil * distillation_loss(logits, taught, heat)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if not args.time_schedule:
            schedule.step()
        step += 1
        if step % 50 == 0:
            print(f"step {step} {'stem' if step <= args.stem_steps and teacher is not None else 'heat'} {loss_heat.item():.3f} "
                  f"corners {loss_reg.item():.3f} "
                  f"{(time.time() - started) / 60:.1f} min", flush=True)
        if step % 500 == 0:
            torch.save({"model": model.state_dict(), "optimiser": optimiser.state_dict(),
                        "schedule": schedule.state_dict(), "step": step}, checkpoint)
            save_weights(model, step, os.path.join(args.out, "weights.npz"))
    torch.save({"model": model.state_dict(), "optimiser": optimiser.state_dict(),
                "schedule": schedule.state_dict(), "step": step}, checkpoint)
    # Plain arrays as well: a run on a lent GPU, whose PyTorch is newer than Debian's, comes back as weights any PyTorch reads.
    save_weights(model, step, os.path.join(args.out, "weights.npz"))

    model.eval()
    metrics = evaluate(model.cpu(), val) if val else {}
    metrics["steps"] = step
    print(json.dumps(metrics), flush=True)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump({f"validation.{k}" if k != "steps" else k: v for k, v in metrics.items()}, f)
    if args.no_export:
        return
    torch.onnx.export(Exported(model), torch.zeros(1, 3, size[1], size[0]), os.path.join(args.out, "detector.onnx"),
                      input_names=["image"], output_names=["peaks", "corners"], opset_version=13,
                      dynamic_axes={"image": {0: "batch"}, "peaks": {0: "batch"}, "corners": {0: "batch"}})
    print("exported", os.path.join(args.out, "detector.onnx"), flush=True)


if __name__ == "__main__":
    main()
