"""PyTorch reference for gradscope's parity tests (test/torch-parity.test.ts).

Reads one JSON job on stdin, {"cases": [...]}, and prints {"results": [...]} in the same order. Every case
is computed in float64 with PyTorch's own modules, losses, optimizers and clipping utilities, so gradscope is
held to an implementation it shares no code with. Case kinds:

  grads        forward loss, ½λΣ‖W‖² and every parameter gradient; BatchNorm running statistics after
               that train-mode forward; optionally the eval-mode loss after one SGD step
  optim        K full-batch steps of torch.optim.*: the loss at each step and the final parameters
  clip         one backward, clip_grad_value_ and/or clip_grad_norm_, one plain SGD step
  safetensors  a spec-following reader of a .safetensors file: header, dtypes, shapes, values, layout

Tensor names are gradscope's, which are also this module's state_dict keys: layers.<i>.weight [out, in],
layers.<i>.bias, norms.<i>.weight|bias|running_mean|running_var.
"""

import json
import math
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

torch.set_default_dtype(torch.float64)
torch.use_deterministic_algorithms(True)
# NOTE: one thread keeps reductions in one fixed order; the networks are tiny, so nothing is lost.
torch.set_num_threads(1)


def activation(spec):
    name, _, arg = spec.partition(":")
    if name == "linear":
        return lambda z: z
    if name == "sigmoid":
        return torch.sigmoid
    if name == "tanh":
        return torch.tanh
    if name == "relu":
        return F.relu
    if name == "leaky-relu":
        slope = float(arg) if arg else 0.01
        return lambda z: F.leaky_relu(z, negative_slope=slope)
    if name == "elu":
        alpha = float(arg) if arg else 1.0
        return lambda z: F.elu(z, alpha=alpha)
    if name == "gelu":
        return lambda z: F.gelu(z, approximate="tanh")
    raise ValueError(f"parity.py: unknown activation {spec!r}")


class Mlp(nn.Module):
    """Dense → [norm] → activation per hidden block, h + s·F(h) where widths match; a plain Dense output."""

    def __init__(self, net):
        super().__init__()
        dims = net["dims"]
        hidden = len(dims) - 2
        self.layers = nn.ModuleList(nn.Linear(dims[i], dims[i + 1]) for i in range(len(dims) - 1))
        norm = net.get("norm", "none")
        if norm == "layer":
            self.norms = nn.ModuleList(nn.LayerNorm(dims[i + 1], eps=1e-5) for i in range(hidden))
        elif norm == "batch":
            self.norms = nn.ModuleList(nn.BatchNorm1d(dims[i + 1], eps=1e-5, momentum=0.1) for i in range(hidden))
        else:
            self.norms = None
        scale = net.get("residual_scale", 1)
        residual = net.get("residual", False)
        blocks = [residual and dims[i] == dims[i + 1] for i in range(hidden)]
        if scale == "auto":
            # 1/sqrt(number of residual blocks): a first block that changes width is not one
            scale = 1 / math.sqrt(sum(blocks))
        self.scales = [scale if b else None for b in blocks]
        self.act = activation(net["activation"])

    def forward(self, x):
        h = x
        for i, s in enumerate(self.scales):
            z = self.layers[i](h)
            if self.norms is not None:
                z = self.norms[i](z)
            a = self.act(z)
            h = a if s is None else h + s * a
        return self.layers[-1](h)

    def dense_weights(self):
        return [layer.weight for layer in self.layers]


def data_loss(kind, out, y):
    if kind == "mse":
        return F.mse_loss(out, y)  # MSELoss, mean over B·O
    if kind == "bce":
        return F.binary_cross_entropy_with_logits(out, y)  # BCEWithLogitsLoss, mean
    if kind == "ce":
        return F.cross_entropy(out, y[:, 0].long())  # CrossEntropyLoss, integer class targets
    raise ValueError(f"parity.py: unknown loss {kind!r}")


def penalty(model, l2):
    """½λ Σ‖W‖² over Dense weights only (biases and norm gains are not penalised)."""
    return 0.5 * l2 * sum((w * w).sum() for w in model.dense_weights())


def build(case):
    net = case["net"]
    model = Mlp(net)
    if "params_file" in case:
        stored = read_safetensors(case["params_file"])["tensors"]
        values = {name: t["array"] for name, t in stored.items()}
    else:
        values = {name: np.asarray(t["data"], dtype=np.float64).reshape(t["shape"]) for name, t in case["params"].items()}
    own = model.state_dict()
    with torch.no_grad():
        for name, target in own.items():
            if name.endswith("num_batches_tracked"):
                continue
            if name in values:
                src = torch.as_tensor(np.asarray(values[name], dtype=np.float64))
                if tuple(src.shape) != tuple(target.shape):
                    raise ValueError(f"parity.py: {name} has shape {list(src.shape)}, expected {list(target.shape)}")
                target.copy_(src)
            elif "running_" not in name:
                raise ValueError(f"parity.py: no value for parameter {name}")
    B = case["batch"]
    # NOTE: explicit dtype: integer labels arrive as JSON integers, which torch would make int64
    x = torch.tensor(case["x"], dtype=torch.float64).reshape(B, net["dims"][0])
    y = torch.tensor(case["y"], dtype=torch.float64).reshape(B, -1)
    return model, x, y


def flat(t):
    return t.detach().reshape(-1).tolist()


def params_of(model):
    return {name: flat(p) for name, p in model.named_parameters()}


def state_of(model):
    return {name: flat(b) for name, b in model.named_buffers() if "running_" in name}


def run_grads(case):
    model, x, y = build(case)
    net = case["net"]
    model.train()
    loss = data_loss(net["loss"], model(x), y)
    pen = penalty(model, case.get("l2", 0))
    (loss + pen).backward()
    result = {
        "loss": loss.item(),
        "penalty": float(pen),
        "grads": {name: flat(p.grad) for name, p in model.named_parameters()},
        "state": state_of(model),
    }
    if "sgd_then_eval" in case:
        # one SGD step on the gradient above, then the whole batch in eval mode (running statistics)
        with torch.no_grad():
            for p in model.parameters():
                p -= case["sgd_then_eval"] * p.grad
            model.eval()
            result["eval_loss"] = data_loss(net["loss"], model(x), y).item()
    return result


def param_groups(model, coupled_decay):
    """Dense weights take the optimizer's weight_decay, everything else none (gradscope decays weights only)."""
    weights = model.dense_weights()
    ids = {id(w) for w in weights}
    rest = [p for p in model.parameters() if id(p) not in ids]
    return [{"params": weights, "weight_decay": coupled_decay}, {"params": rest, "weight_decay": 0.0}]


def make_optimizer(model, o):
    groups = param_groups(model, o.get("weight_decay", 0.0))
    name = o["name"]
    if name == "sgd":
        return torch.optim.SGD(groups, lr=o["lr"])
    if name in ("momentum", "nesterov"):
        return torch.optim.SGD(groups, lr=o["lr"], momentum=o["momentum"], dampening=0, nesterov=name == "nesterov")
    betas = (o["beta1"], o["beta2"])
    if name == "adam":
        return torch.optim.Adam(groups, lr=o["lr"], betas=betas, eps=o["eps"], amsgrad=False)
    if name == "adamw":
        return torch.optim.AdamW(groups, lr=o["lr"], betas=betas, eps=o["eps"], amsgrad=False)
    raise ValueError(f"parity.py: unknown optimizer {name!r}")


def run_optim(case):
    model, x, y = build(case)
    o = case["optimizer"]
    opt = make_optimizer(model, o)
    # decoupled decay for the SGD family, as torch.optim.AdamW applies it: W ← (1 − ηλ)W before the step
    shrink = 1 - o["lr"] * o.get("decoupled_decay", 0.0)
    losses = []
    model.train()
    for _ in range(case["steps"]):
        opt.zero_grad()
        loss = data_loss(case["net"]["loss"], model(x), y)
        loss.backward()
        losses.append(loss.item())
        if shrink != 1:
            with torch.no_grad():
                for w in model.dense_weights():
                    w.mul_(shrink)
        opt.step()
    return {"losses": losses, "params": params_of(model), "state": state_of(model)}


def run_clip(case):
    model, x, y = build(case)
    model.train()
    loss = data_loss(case["net"]["loss"], model(x), y) + penalty(model, case.get("l2", 0))
    loss.backward()
    params = list(model.parameters())
    pre = torch.sqrt(sum((p.grad * p.grad).sum() for p in params)).item()
    result = {"pre_norm": pre}
    if case.get("clip_value") is not None:
        torch.nn.utils.clip_grad_value_(params, clip_value=case["clip_value"])
    if case.get("clip_norm") is not None:
        total = torch.nn.utils.clip_grad_norm_(params, max_norm=case["clip_norm"], norm_type=2.0)
        result["clip_grad_norm_total"] = total.item()
    result["post_norm"] = torch.sqrt(sum((p.grad * p.grad).sum() for p in params)).item()
    result["grads"] = {name: flat(p.grad) for name, p in model.named_parameters()}
    torch.optim.SGD(model.parameters(), lr=case["lr"]).step()
    result["params"] = params_of(model)
    return result


SAFETENSORS_DTYPES = {"F32": ("<f4", 4), "F64": ("<f8", 8)}


def read_safetensors(path):
    """A reader written from the format's description, independent of gradscope's decoder.

    NOTE: the official `safetensors` Python package would be the natural reference, but it cannot be
    installed here (PyPI is unreachable; only npm and Debian packages are), and Debian has no package for it.
    Layout: u64 little-endian header length N, N bytes of UTF-8 JSON (an object of name → {dtype, shape,
    data_offsets: [begin, end)} plus an optional "__metadata__" map of strings), then the byte buffer the
    offsets index into.
    """
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    buffer = raw[8 + n :]
    problems = []
    tensors = {}
    spans = []
    for name, info in header.items():
        dtype = info["dtype"]
        if dtype not in SAFETENSORS_DTYPES:
            problems.append(f"{name}: dtype {dtype}")
            continue
        np_dtype, size = SAFETENSORS_DTYPES[dtype]
        begin, end = info["data_offsets"]
        count = int(np.prod(info["shape"], dtype=np.int64))
        if end - begin != count * size:
            problems.append(f"{name}: {end - begin} bytes for shape {info['shape']} of {dtype}")
            continue
        if begin % size != 0:
            problems.append(f"{name}: offset {begin} not aligned to {size} bytes")
        array = np.frombuffer(buffer[begin:end], dtype=np_dtype).reshape(info["shape"])
        tensors[name] = {"dtype": dtype, "shape": list(info["shape"]), "array": array}
        spans.append((begin, end, name))
    # the data buffer is tiled exactly: no gaps, no overlaps, no trailing bytes
    at = 0
    for begin, end, name in sorted(spans):
        if begin != at:
            problems.append(f"{name}: begins at {begin}, previous tensor ends at {at}")
        at = end
    if at != len(buffer):
        problems.append(f"tensors end at byte {at} of a {len(buffer)}-byte data buffer")
    if n % 8 != 0:
        problems.append(f"header length {n} is not a multiple of 8")
    return {"header_length": n, "metadata": metadata, "tensors": tensors, "problems": problems}


def run_safetensors(case):
    parsed = read_safetensors(case["path"])
    parsed["tensors"] = {
        name: {"dtype": t["dtype"], "shape": t["shape"], "data": t["array"].astype(np.float64).reshape(-1).tolist()}
        for name, t in parsed["tensors"].items()
    }
    return parsed


RUNNERS = {"grads": run_grads, "optim": run_optim, "clip": run_clip, "safetensors": run_safetensors}


def main():
    job = json.load(sys.stdin)
    results = [{"id": case["id"], **RUNNERS[case["kind"]](case)} for case in job["cases"]]
    json.dump({"torch": torch.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
