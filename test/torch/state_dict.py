"""PyTorch nn.Sequential MLPs saved as safetensors.torch.save_file would save them (test/tfjs/torch-import.test.ts).

Reads {"cases": [...]} on stdin; each case builds nn.Sequential(Linear, [LayerNorm|BatchNorm1d], activation,
…, Linear) in float32 from a seed, writes its state_dict to case["path"] and returns every tensor's values and
the eval-mode output on case["x"]. Prints {"results": [...]}.

NOTE: the `safetensors` package cannot be installed here (no PyPI), so save_file's layout is written out:
reference: safetensors/src/tensor.rs `prepare` and `serialize` — tensors sorted by dtype (descending, in
the Dtype enum's order) then by name, the header compact JSON without __metadata__ (save_file(metadata=None)),
padded with spaces to a multiple of 8, then the little-endian data in that order.
"""

import json
import struct
import sys

import torch
from torch import nn

# the Dtype enum's order in safetensors/src/tensor.rs
DTYPE_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]
DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def save_file(tensors, path):
    items = sorted(tensors.items(), key=lambda kv: (-DTYPE_ORDER.index(DTYPES[kv[1].dtype]), kv[0]))
    header, blobs, offset = {}, [], 0
    for name, t in items:
        array = t.detach().contiguous().numpy()
        data = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def build(case):
    torch.manual_seed(case["seed"])
    dims = case["dims"]
    modules = []
    for i in range(len(dims) - 1):
        modules.append(nn.Linear(dims[i], dims[i + 1]))
        if i < len(dims) - 2:
            if case["norm"] == "layer":
                modules.append(nn.LayerNorm(dims[i + 1]))
            elif case["norm"] == "batch":
                modules.append(nn.BatchNorm1d(dims[i + 1]))
            modules.append(ACTIVATIONS[case["activation"]]())
    net = nn.Sequential(*modules)
    if case["norm"] == "batch":
        # a few train-mode batches so the running statistics are not their initial 0 and 1
        net.train()
        with torch.no_grad():
            for _ in range(3):
                net(torch.randn(16, dims[0]))
    return net.eval()


def run(case):
    net = build(case)
    state = net.state_dict()
    save_file(state, case["path"])
    with torch.no_grad():
        out = net(torch.tensor(case["x"], dtype=torch.float32))
    return {
        "id": case["id"],
        "keys": list(state.keys()),
        "params": {k: v.flatten().tolist() for k, v in state.items() if v.dtype == torch.float32},
        "out": out.flatten().tolist(),
    }


if __name__ == "__main__":
    job = json.load(sys.stdin)
    print(json.dumps({"torch": torch.__version__, "results": [run(c) for c in job["cases"]]}))
