#!/usr/bin/python3
"""The metamer synthesis loop in plain PyTorch, timed: the reference against which `metamer-bench bench`
measures the harness on the same TorchScript file.

    /usr/bin/python3 pytorch_loop.py PACKAGE.zip STAGE BATCH STEPS REPEATS THREADS

PACKAGE.zip is a metamer-bench model package (metamer-model.json + a TorchScript file). The loop is the
published one (Feather et al. 2023), written as a PyTorch user would: model in evaluation mode with its
parameters frozen; per step, the forward pass to the stage, the loss ||a - r|| / ||r|| per stimulus, the
input gradient by autograd, each stimulus's gradient normalised to unit L2 norm, a step of size 1 and the
clamp to the input range. A stage declared "relu": true applies the ReLU to the module's output and
differentiates the output itself (the fake ReLU), as the harness does. References are random images
(seed 1). Prints one JSON line: steps/s of each timed run of STEPS steps, after 3 warm-up runs.
"""
import io
import json
import sys
import time
import zipfile

import torch


def main():
    path, stage, batch, steps, repeats, threads = sys.argv[1:7]
    batch, steps, repeats, threads = int(batch), int(steps), int(repeats), int(threads)
    torch.set_num_threads(threads)
    with zipfile.ZipFile(path) as z:
        spec = json.loads(z.read("metamer-model.json"))
        module = torch.jit.load(io.BytesIO(z.read(spec["file"])), map_location="cpu")
    module.eval()
    for p in module.parameters():
        p.requires_grad_(False)
    st = next(s for s in spec["stages"] if s["name"] == stage)
    out_index = int(st["output"])
    relu = bool(st.get("relu", False))
    lo, hi = spec["input"]["range"]
    shape = [batch] + list(spec["input"]["shape"])

    def forward(x):
        out = module(x)[out_index]
        return (torch.relu(out) if relu else out), out

    gen = torch.Generator().manual_seed(1)
    refs = torch.rand(shape, generator=gen) * (hi - lo) + lo
    with torch.no_grad():
        target = forward(refs)[0].reshape(batch, -1)
    scale = target.norm(dim=1).clamp_min(torch.finfo(torch.float32).tiny)

    def run(n):
        x = (0.5 + 0.05 * torch.randn(shape, generator=gen)).clamp(lo, hi)
        for _ in range(n):
            x.requires_grad_(True)
            act, differentiated = forward(x)
            diff = act.reshape(batch, -1) - target
            dist = diff.norm(dim=1)
            loss = dist / scale
            # d loss_i / d a_i = (a_i - r_i) / (||a_i - r_i|| ||r_i||); through the fake ReLU the same upstream
            # goes to the module's output.
            upstream = (diff / (dist.unsqueeze(1) * scale.unsqueeze(1)).clamp_min(1e-30)).detach()
            (g,) = torch.autograd.grad((differentiated.reshape(batch, -1) * upstream).sum(), x)
            with torch.no_grad():
                g = g.reshape(batch, -1)
                g = g / g.norm(dim=1, keepdim=True).clamp_min(torch.finfo(torch.float32).tiny)
                x = (x.detach().reshape(batch, -1) - 1.0 * g).clamp(lo, hi).reshape(shape)
        return loss

    for _ in range(3):
        run(steps)
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run(steps)
        rates.append(steps / (time.perf_counter() - t0))
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "batch": batch,
                      "steps": steps, "steps_per_s": rates}))


if __name__ == "__main__":
    main()
