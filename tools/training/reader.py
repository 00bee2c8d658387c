"""Plate reader: a small CRNN with CTC, trained on plate crops, exported to ONNX.

Input  x: float32 [N, 1, 32, 128], grey, values (v / 255 - 0.5) / 0.5, the crop resized to 128x32
          (aspect not kept: plates of every layout fill the width).
Output y: float32 [N, 32, C] log-probabilities over C = 1 + len(CHARSET) classes per time step
          (class 0 is the CTC blank), greedy-decoded by collapsing repeats and dropping blanks.

Runs on CPU (Debian's python3-torch) or a GPU when one is present.
"""
import argparse
import csv
import functools
import io
import itertools
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image, ImageFilter

from onnx_init import load_onnx_weights

CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
HEIGHT, WIDTH, STEPS = 32, 128, 32


def preprocess(image):
    """PIL image -> float32 [1, 32, 128]. The Java reader (ReaderInput) computes the same numbers, so the
    algorithm is spelled out rather than left to a library's resize: grey = 0.299 R + 0.587 G + 0.114 B;
    a crop at least twice the input's width or height averaged over blocks of that whole factor first
    (the remainder at the right and bottom edges left out), so that large crops do not alias; bilinear
    sampling at half-pixel centres with edge clamping; then (v / 255 - 0.5) / 0.5."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.float32)
    grey = rgb[:, :, 0] * 0.299 + rgb[:, :, 1] * 0.587 + rgb[:, :, 2] * 0.114
    h, w = grey.shape
    block_y, block_x = max(1, h // HEIGHT), max(1, w // WIDTH)
    if block_x > 1 or block_y > 1:
        h, w = h // block_y, w // block_x
        grey = grey[:h * block_y, :w * block_x].reshape(h, block_y, w, block_x).mean(axis=(1, 3), dtype=np.float32)
    return ((resize_bilinear(grey, HEIGHT, WIDTH) / 255.0 - 0.5) / 0.5)[None, :, :].astype(np.float32)


def resize_bilinear(grey, height, width):
    source_h, source_w = grey.shape
    ys = np.clip((np.arange(height, dtype=np.float32) + 0.5) * (source_h / height) - 0.5, 0, source_h - 1)
    xs = np.clip((np.arange(width, dtype=np.float32) + 0.5) * (source_w / width) - 0.5, 0, source_w - 1)
    y0 = np.floor(ys).astype(np.int64)
    x0 = np.floor(xs).astype(np.int64)
    y1 = np.minimum(y0 + 1, source_h - 1)
    x1 = np.minimum(x0 + 1, source_w - 1)
    fy = (ys - y0)[:, None]
    fx = (xs - x0)[None, :]
    top = grey[y0][:, x0] * (1 - fx) + grey[y0][:, x1] * fx
    bottom = grey[y1][:, x0] * (1 - fx) + grey[y1][:, x1] * fx
    return (top * (1 - fy) + bottom * fy).astype(np.float32)


class Crops(torch.utils.data.Dataset):
    """A folder with labels.csv (image,plate,...) as written by `synth crops` or cut from real sets;
    with augmentation (an image -> image function, such as augment with its shares bound) for
    training, else as they are."""

    def __init__(self, folder, augmentation=None):
        self.folder = folder
        self.augmentation = augmentation
        with open(os.path.join(folder, "labels.csv"), newline="", encoding="utf-8") as f:
            self.rows = [(r["image"], r["plate"]) for r in csv.DictReader(f) if r["plate"]]

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        name, plate = self.rows[index]
        image = Image.open(os.path.join(self.folder, name))
        x = torch.from_numpy(tone(preprocess(self.augmentation(image))) if self.augmentation else preprocess(image))
        target = torch.tensor([CHARSET.index(c) + 1 for c in plate if c in CHARSET], dtype=torch.long)
        return x, target, plate


def augment(image, short_windows=0.0, compression=0.0, motion_blur=0.0, shadow=0.0):
    """What differs between the crops we train on and the ones the pipeline cuts: where the detector's
    corners fall (margins, a small turn and shear), focus, and resolution (distant plates are a few
    dozen pixels wide, upscaled to 128x32). A share short_windows of the crops lose up to 18% of their
    height at top and at bottom instead of 10%: on plates of proportions it knows less well, the
    detector's quad is wider and shorter than the plate, so the characters fill more of the height.
    A share compression of them go through JPEG at quality 15-70 at their own size, as a camera's or
    a phone's frames have (the rendered crops are PNG). A share motion_blur of them are smeared over
    3 or 5 pixels along the row (a car crossing the view) or, a third of the time, the column (a car
    coming towards it), as a frame's exposure does. A share shadow of them lie half in shade (see
    cast_shadow). Each of these at 0 draws no random number, so older stages draw what they drew."""
    image = image.convert("RGB")
    w, h = image.size
    short = short_windows and random.random() < short_windows
    dx, dy = int(w * 0.05), int(h * (0.18 if short else 0.10))
    image = image.crop((random.randint(0, dx), random.randint(0, dy), w - random.randint(0, dx), h - random.randint(0, dy)))
    if random.random() < 0.4:
        w, h = image.size
        angle = math.radians(random.uniform(-3, 3))
        shear = random.uniform(-0.12, 0.12)
        a, b = math.cos(angle), math.sin(angle) + shear
        c, d = -math.sin(angle), math.cos(angle)
        cx, cy = w / 2, h / 2
        image = image.transform((w, h), Image.AFFINE, (a, b, cx - a * cx - b * cy, c, d, cy - c * cx - d * cy),
                                resample=Image.BILINEAR, fillcolor=tuple(int(v) for v in np.asarray(image).reshape(-1, 3).mean(0)))
    if shadow and random.random() < shadow:
        image = cast_shadow(image)
    if random.random() < 0.3:
        w, h = image.size
        small = random.randint(48, 110)
        image = image.resize((small, max(8, int(h * small / w))), Image.BILINEAR).resize((w, h), Image.BILINEAR)
    if random.random() < 0.25:
        image = image.filter(ImageFilter.GaussianBlur(random.uniform(0.3, 1.2)))
    if motion_blur and random.random() < motion_blur:
        length = random.choice((3, 5))
        along_row = random.random() < 2 / 3
        kernel = [0] * 25  # 5x5, row by row: ones along the middle row or column, centred
        for t in range(2 - length // 2, 3 + length // 2):
            kernel[2 * 5 + t if along_row else t * 5 + 2] = 1
        image = image.filter(ImageFilter.Kernel((5, 5), kernel, scale=length))
    if compression and random.random() < compression:
        encoded = io.BytesIO()
        image.save(encoded, "JPEG", quality=random.randint(15, 70))
        image = Image.open(io.BytesIO(encoded.getvalue())).convert("RGB")
    return image


def cast_shadow(image):
    """The plate half in shade, as a bumper, a pole or a tree leaves it in sunlight: a straight edge at
    any angle through the middle three fifths of the crop, one side darkened to 35-75% of its light,
    the edge soft over 0.5 pixels to a sixth of the height. It falls on the scene, so it comes before
    the camera's resolution loss, blur and compression."""
    pixels = np.asarray(image, dtype=np.float32)
    h, w = pixels.shape[:2]
    angle = random.uniform(0, math.pi)
    through_x, through_y = random.uniform(0.2, 0.8) * w, random.uniform(0.2, 0.8) * h
    softness = random.uniform(0.5, max(0.5, h / 6))
    darkness = random.uniform(0.35, 0.75)
    ys, xs = np.mgrid[0:h, 0:w]
    distance = (xs - through_x) * math.cos(angle) + (ys - through_y) * math.sin(angle)
    shade = 1 / (1 + np.exp(-np.clip(distance / softness, -30, 30)))
    pixels = pixels * (1 - (1 - darkness) * shade)[..., None]
    return Image.fromarray(np.clip(pixels + 0.5, 0, 255).astype(np.uint8))


def tone(x):
    """Contrast, brightness, gamma and sensor noise on the normalised grey tensor [1, 32, 128]."""
    v = (x + 1) / 2
    if random.random() < 0.5:
        v = np.power(np.clip(v, 0, 1), random.uniform(0.6, 1.6))
    v = (v - 0.5) * random.uniform(0.5, 1.3) + 0.5 + random.uniform(-0.15, 0.15)
    if random.random() < 0.3:
        v = v + np.random.normal(0, random.uniform(0.01, 0.06), v.shape)
    return ((np.clip(v, 0, 1) - 0.5) / 0.5).astype(np.float32)


def collate(batch):
    xs, targets, plates = zip(*batch)
    return torch.stack(xs), torch.cat(targets), torch.tensor([len(t) for t in targets]), list(plates)


class CRNN(nn.Module):
    def __init__(self, classes=len(CHARSET) + 1):
        super().__init__()

        def block(i, o, pool):
            layers = [nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU(inplace=True)]
            if pool:
                layers.append(nn.MaxPool2d(pool))
            return layers

        self.features = nn.Sequential(*block(1, 32, (2, 2)), *block(32, 64, (2, 2)), *block(64, 96, (2, 1)),
                                      *block(96, 128, (2, 1)), *block(128, 128, (2, 1)))
        # 32x128 -> 1x32: one feature column per time step.
        self.rnn = nn.GRU(128, 96, bidirectional=True, batch_first=True)
        self.head = nn.Linear(192, classes)

    def forward(self, x):
        f = self.features(x)                      # N, 128, 1, 32
        f = f.squeeze(2).permute(0, 2, 1)         # N, 32, 128
        f, _ = self.rnn(f)
        return F.log_softmax(self.head(f), dim=2)  # N, 32, C


def greedy(log_probs):
    texts = []
    for row in log_probs.argmax(2).tolist():
        text, previous = [], 0
        for k in row:
            if k != previous and k != 0:
                text.append(CHARSET[k - 1])
            previous = k
        texts.append("".join(text))
    return texts


def evaluate(model, loader, device):
    model.eval()
    right = total = 0
    with torch.no_grad():
        for x, _, _, plates in loader:
            for predicted, plate in zip(greedy(model(x.to(device)).cpu()), plates):
                right += predicted == plate
                total += 1
    model.train()
    return right / max(1, total)


def save_weights(model, step, path):
    """The weights as plain arrays beside the checkpoint: any PyTorch (and numpy alone) reads them, so a run
    on a lent GPU, whose PyTorch is newer than Debian's, comes back as weights this machine can export."""
    arrays = {name: value.detach().cpu().numpy() for name, value in model.state_dict().items()}
    np.savez(path + ".part.npz", step=np.int64(step), **{"model." + name: value for name, value in arrays.items()})
    os.replace(path + ".part.npz", path)


def load_weights(path, device):
    """A checkpoint.pt, or weights.npz as save_weights writes it."""
    if not path.endswith(".npz"):
        return torch.load(path, map_location=device)
    with np.load(path) as arrays:
        model = {name[len("model."):]: torch.from_numpy(arrays[name]) for name in arrays.files if name.startswith("model.")}
        return {"model": model, "step": int(arrays["step"])}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", required=True, action="append", help="folder of crops with labels.csv (repeat the option)")
    parser.add_argument("--val", required=True, action="append", help="validation folder (repeat); metrics are given per folder")
    parser.add_argument("--out", required=True, help="output folder: checkpoint, reader.onnx, metrics.json")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--steps", type=int, default=0,
                        help="steps of this stage: the learning rate falls along a cosine from --lr to --lr/50 over them (0: constant)")
    parser.add_argument("--init", help="a checkpoint whose weights start this run when --out has none (a new stage)")
    parser.add_argument("--init-onnx", help="a shipped model (.onnx or package .tar) whose weights start this run, as --init does")
    parser.add_argument("--workers", type=int, default=0, help="data loader processes")
    parser.add_argument("--short-windows", type=float, default=0.0,
                        help="share of training crops cut short at top and bottom, as the detector's quads on unfamiliar plates are")
    parser.add_argument("--compression", type=float, default=0.0,
                        help="share of training crops put through JPEG at quality 15-70, as camera and phone frames are")
    parser.add_argument("--motion-blur", type=float, default=0.0,
                        help="share of training crops smeared over 3 or 5 pixels along the row or the column, as moving cars are")
    parser.add_argument("--shadow", type=float, default=0.0,
                        help="share of training crops half in shade, a straight soft edge across them, as plates in sunlight are")
    parser.add_argument("--time-schedule", action="store_true",
                        help="the cosine runs over --minutes of this run rather than over --steps (a run bounded by a lent GPU's time)")
    parser.add_argument("--no-export", action="store_true",
                        help="leave reader.onnx out: export where the shipped models were exported (PyTorch 2.9 and later export "
                             "through another exporter by default), from weights.npz with --init")
    args = parser.parse_args()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    os.makedirs(args.out, exist_ok=True)
    augmentation = functools.partial(augment, short_windows=args.short_windows, compression=args.compression, motion_blur=args.motion_blur,
                                     shadow=args.shadow)
    train_set = torch.utils.data.ConcatDataset([Crops(folder, augmentation) for folder in args.train])
    train = torch.utils.data.DataLoader(train_set, batch_size=args.batch, shuffle=True, collate_fn=collate,
                                        num_workers=args.workers, drop_last=True, pin_memory=device == "cuda",
                                        # On a GPU only: the CPU stages above drew their augmentation from workers made anew each pass.
                                        persistent_workers=device == "cuda" and args.workers > 0)
    # Named by the folder and its parent (real-pku/val and real-ro/val must not collide).
    vals = {"/".join(folder.rstrip("/").split("/")[-2:]): torch.utils.data.DataLoader(Crops(folder), batch_size=128, collate_fn=collate)
            for folder in args.val}
    model = CRNN().to(device)
    checkpoint = os.path.join(args.out, "checkpoint.pt")
    step = 0
    stage_start = None
    if os.path.exists(checkpoint):
        state = torch.load(checkpoint, map_location=device)
        model.load_state_dict(state["model"])
        step = state["step"]
        stage_start = state.get("stage_start")
        print(f"resumed at step {step}", flush=True)
    elif args.init:
        state = load_weights(args.init, device)
        model.load_state_dict(state["model"])
        step = state["step"]
        print(f"weights from {args.init} (step {step})", flush=True)
    elif args.init_onnx:
        views = [x.to(device) for x, _, _, _ in itertools.islice(iter(train), 8)]
        load_onnx_weights(model, args.init_onnx, views[0][:1], views)
        print(f"weights from {args.init_onnx}", flush=True)
    # A stage's schedule counts from the step it began at, so that a stage cut into pieces keeps one schedule.
    if stage_start is None or not args.steps:
        stage_start = step
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)

    def stage_done():
        return args.steps and step - stage_start >= args.steps

    run_start = time.time()

    def learning_rate():
        if args.time_schedule:
            progress = min(1.0, (time.time() - run_start) / max(1e-9, args.minutes * 60))
        elif not args.steps:
            return args.lr
        else:
            progress = min(1.0, (step - stage_start) / args.steps)
        return args.lr / 50 + (args.lr - args.lr / 50) * 0.5 * (1 + math.cos(math.pi * progress))

    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    deadline = time.time() + args.minutes * 60
    while time.time() < deadline:
        for x, targets, lengths, _ in train:
            for group in optimiser.param_groups:
                group["lr"] = learning_rate()
            log_probs = model(x.to(device)).permute(1, 0, 2)  # T, N, C
            loss = ctc(log_probs, targets.to(device), torch.full((x.size(0),), STEPS, dtype=torch.long), lengths)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5)
            optimiser.step()
            step += 1
            if step % 100 == 0:
                print(f"step {step} loss {loss.item():.3f} lr {learning_rate():.2e}", flush=True)
            if time.time() >= deadline or stage_done():
                break
        torch.save({"model": model.state_dict(), "step": step, "stage_start": stage_start}, checkpoint)
        save_weights(model, step, os.path.join(args.out, "weights.npz"))
        if stage_done():
            break
    metrics = {f"{name}.exact_match": round(evaluate(model, loader, device), 4) for name, loader in vals.items()}
    metrics["steps"] = step
    print(f"validation {metrics}", flush=True)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(metrics, f)
    if args.no_export:
        return
    model.eval().cpu()
    torch.onnx.export(model, torch.zeros(1, 1, HEIGHT, WIDTH), os.path.join(args.out, "reader.onnx"), input_names=["x"],
                      output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=13)


if __name__ == "__main__":
    main()
