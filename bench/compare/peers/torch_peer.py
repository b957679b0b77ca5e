# PyTorch CPU as a bench:compare peer (run by bench/compare/peers/torch.js through /usr/bin/python3).
# The same workload as every engine: the MLP of bench/compare/workloads.js, float32, plain SGD at the
# workload's lr, MSE or softmax cross-entropy, the same data (a CSV the driver writes, label last) and the
# same batch size, batches taken in order. One warm-up block of `steps` steps, then one timed block.
# Threads: torch.set_num_threads(t) and OpenBLAS's own pool through ctypes (Debian's torch calls the
# system libblas.so.3, i.e. OpenBLAS, whose pool set_num_threads does not reach).
# Usage: python3 torch_peer.py '{"csv": ..., "inputDim": 2, "hidden": [8, 8], "outputDim": 1,
#   "activation": "tanh", "loss": "mse", "batch": 10, "lr": 0.01, "steps": 1000, "threads": 1}'
# Prints one JSON line: {"ms": ..., "loss": ..., "blas": ..., "threads": ...}.

import ctypes
import ctypes.util
import json
import sys
import time


def set_blas_threads(n):
    """OpenBLAS's pool size; returns the library name it was set in, or None."""
    for name in ("libopenblas.so.0", "libblas.so.3", ctypes.util.find_library("openblas")):
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
            lib.openblas_set_num_threads(ctypes.c_int(n))
            return name
        except (OSError, AttributeError):
            continue
    return None


def main():
    w = json.loads(sys.argv[1])
    threads = int(w["threads"])
    blas = set_blas_threads(threads)
    import numpy as np
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(1)
    data = np.loadtxt(w["csv"], delimiter=",", skiprows=1, dtype=np.float64)
    x = torch.tensor(data[:, :-1], dtype=torch.float32)
    y_col = data[:, -1]
    ce = w["loss"] == "ce"
    y = torch.tensor(y_col, dtype=torch.long) if ce else torch.tensor(y_col, dtype=torch.float32).reshape(-1, 1)
    widths = [w["inputDim"], *w["hidden"], w["outputDim"]]
    act = torch.nn.Tanh if w["activation"] == "tanh" else torch.nn.ReLU
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(act())
    model = torch.nn.Sequential(*layers)
    loss_fn = torch.nn.CrossEntropyLoss() if ce else torch.nn.MSELoss()
    opt = torch.optim.SGD(model.parameters(), lr=w["lr"], momentum=0)
    b = w["batch"]
    n = x.shape[0]
    batches = [(x[i : i + b], y[i : i + b]) for i in range(0, n - b + 1, b)]
    steps = w["steps"]

    def run(k):
        last = 0.0
        for s in range(k):
            xb, yb = batches[s % len(batches)]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            last = loss
        return float(last)

    run(steps)  # warm-up
    t0 = time.perf_counter()
    loss = run(steps)
    ms = (time.perf_counter() - t0) * 1000
    print(json.dumps({"ms": ms, "loss": loss, "blas": blas, "threads": threads}))


main()
