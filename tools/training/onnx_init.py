"""Starts a network from the weights of a shipped model (.onnx, or a model package .tar), so that a
new training stage can begin from a released model when its PyTorch checkpoint is gone.

The exporter folds every batch normalisation into the convolution before it, so the file holds
only folded convolutions (plus the GRU and linear layers of the reader). They are loaded into the
network's convolutions, and each batch normalisation is set to give back what the folded
convolution gave: its running statistics are measured on real training batches, and its scale and
shift undo them. The network then computes exactly the shipped model's function in eval mode, and
nearly the same in train mode, where batch statistics replace the running ones, so training resumes
from the released model rather than from a shock.

Folding leaves each output channel's weights at whatever scale the batch normalisation had, often
far from what the optimiser's step size suits (a fine-tune diverged after its warm-up this way), so
each channel is brought back to the He initialisation's spread and the batch normalisation's scale
takes the factor: the function is unchanged, since a batch normalisation does not see its input's
scale.
"""
import io
import math
import tarfile

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn


def read_model(path):
    """The ONNX graph of a .onnx file or of the model file inside a package .tar."""
    if path.endswith(".tar") or path.endswith(".tar.gz") or path.endswith(".tgz"):
        with tarfile.open(path) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith(".onnx"))
            return onnx.load_model(io.BytesIO(tar.extractfile(member).read()))
    return onnx.load(path)


def load_onnx_weights(model, path, example, batches):
    """Loads `path` into `model` (whose forward is what was exported). `example` is one input tensor
    for tracing the order in which convolutions run; `batches` are input tensors whose statistics set
    the batch normalisations."""
    graph = read_model(path).graph
    arrays = {i.name: np.array(onnx.numpy_helper.to_array(i)) for i in graph.initializer}  # writable copies
    for node in graph.node:  # some exporters keep weights in Constant nodes
        if node.op_type == "Constant":
            arrays[node.output[0]] = np.array(onnx.numpy_helper.to_array(node.attribute[0].t))
    folded = {}
    with torch.no_grad():
        convs = [n for n in graph.node if n.op_type == "Conv"]
        order = _execution_order(model, example, nn.Conv2d)
        if len(order) != len(convs):
            raise ValueError(f"{path} has {len(convs)} convolutions, the network runs {len(order)}")
        following = _batch_norm_after(model)
        for module, node in zip(order, convs):
            weight = arrays[node.input[1]]
            bias = arrays[node.input[2]] if len(node.input) > 2 else np.zeros(weight.shape[0], np.float32)
            if tuple(module.weight.shape) != weight.shape:
                raise ValueError(f"convolution {node.name}: {weight.shape} in the file, {tuple(module.weight.shape)} in the network")
            norm = following.get(module)
            if norm is None:
                module.weight.copy_(torch.from_numpy(weight))
                module.bias.copy_(torch.from_numpy(bias))
                continue
            # Per output channel: the factor between the folded weights' spread and He's.
            fan_in = weight[0].size
            spread = weight.reshape(weight.shape[0], -1).std(axis=1).astype(np.float32)
            factor = torch.from_numpy(np.maximum(spread, 1e-8) / math.sqrt(2.0 / fan_in))
            module.weight.copy_(torch.from_numpy(weight) / factor.view(-1, 1, 1, 1))
            if module.bias is not None:
                module.bias.zero_()
            # Until measured: out = factor * in + bias, the folded convolution's output.
            norm.weight.copy_(factor)
            norm.bias.copy_(torch.from_numpy(bias))
            norm.running_mean.zero_()
            norm.running_var.fill_(1 - norm.eps)
            folded[norm] = (factor, torch.from_numpy(bias))
        _load_recurrent(model, graph, arrays)
        _load_linear(model, graph, arrays)
        _measure_batch_norms(model, folded, batches)


def _run_with_hooks(model, modules, hook, inputs):
    """Runs `inputs` through the model in eval mode with `hook` on each of `modules`, then removes it."""
    hooks = [m.register_forward_hook(hook) for m in modules]
    was_training = model.training
    model.eval()
    with torch.no_grad():
        for x in inputs:
            model(x)
    model.train(was_training)
    for h in hooks:
        h.remove()


def _execution_order(model, example, kind):
    seen = []
    _run_with_hooks(model, [m for m in model.modules() if isinstance(m, kind)], lambda m, i, o: seen.append(m), [example])
    return seen


def _batch_norm_after(model):
    """Convolution -> the batch normalisation right after it in the same Sequential."""
    pairs = {}
    for module in model.modules():
        if isinstance(module, nn.Sequential):
            children = list(module.children())
            for first, second in zip(children, children[1:]):
                if isinstance(first, nn.Conv2d) and isinstance(second, nn.BatchNorm2d):
                    pairs[first] = second
    return pairs


def _load_recurrent(model, graph, arrays):
    grus = [m for m in model.modules() if isinstance(m, nn.GRU)]
    nodes = [n for n in graph.node if n.op_type == "GRU"]
    if len(grus) != len(nodes):
        raise ValueError(f"the file has {len(nodes)} GRU layers, the network {len(grus)}")
    for gru, node in zip(grus, nodes):
        w, r, b = (arrays[name] for name in node.input[1:4])
        hidden = gru.hidden_size
        # ONNX orders the gates z, r, h; PyTorch r, z, n.
        gates = np.concatenate([np.arange(hidden, 2 * hidden), np.arange(hidden), np.arange(2 * hidden, 3 * hidden)])
        for direction, suffix in enumerate(["", "_reverse"][: w.shape[0]]):
            getattr(gru, "weight_ih_l0" + suffix).copy_(torch.from_numpy(w[direction][gates]))
            getattr(gru, "weight_hh_l0" + suffix).copy_(torch.from_numpy(r[direction][gates]))
            getattr(gru, "bias_ih_l0" + suffix).copy_(torch.from_numpy(b[direction][: 3 * hidden][gates]))
            getattr(gru, "bias_hh_l0" + suffix).copy_(torch.from_numpy(b[direction][3 * hidden:][gates]))


def _load_linear(model, graph, arrays):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    # The reader's linear layer runs on [N, T, C] and is exported as MatMul (weight transposed) + Add.
    products = [n for n in graph.node if n.op_type == "MatMul" and any(i in arrays for i in n.input)]
    if len(linears) != len(products):
        raise ValueError(f"the file has {len(products)} matrix products with weights, the network {len(linears)} linear layers")
    for linear, node in zip(linears, products):
        linear.weight.copy_(torch.from_numpy(arrays[next(i for i in node.input if i in arrays)].T))
        add = next(n for n in graph.node if n.op_type == "Add" and node.output[0] in n.input)
        linear.bias.copy_(torch.from_numpy(arrays[next(i for i in add.input if i in arrays)]))


def _measure_batch_norms(model, folded, batches):
    """Running statistics from real inputs, then scale and shift that give back factor * input + bias."""
    sums, squares, counts = {}, {}, {}

    def record(norm, inputs, _):
        x = inputs[0].detach().double()
        dims = [0, 2, 3]
        sums[norm] = sums.get(norm, 0) + x.sum(dims)
        squares[norm] = squares.get(norm, 0) + (x * x).sum(dims)
        counts[norm] = counts.get(norm, 0) + x.numel() // x.shape[1]

    _run_with_hooks(model, list(folded), record, batches)
    with torch.no_grad():
        for norm, (factor, bias) in folded.items():
            # The hook saw the batch normalisation's input: the rescaled convolution's output, no bias.
            mean = (sums[norm] / counts[norm]).float()
            var = ((squares[norm] / counts[norm]).float() - mean * mean).clamp(min=1e-8)
            norm.running_mean.copy_(mean)
            norm.running_var.copy_(var)
            norm.weight.copy_(factor * torch.sqrt(var + norm.eps))
            norm.bias.copy_(factor * mean + bias)
