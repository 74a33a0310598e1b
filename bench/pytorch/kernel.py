#!/usr/bin/env python3
"""PyTorch baseline for `nnphys bench kernel`: NNGP + NTK Gram matrices of N Gaussian points in d = 10 through
dense(sqrt2, 0.1)-relu-...-dense(sqrt2, 0.1) with DEPTH hidden layers (neural-tangents stax conventions: input kernel
x.x'/d; dense: K <- W^2 K + b^2, Theta <- K + W^2 Theta; relu: arc-cosine kernel of order 1), vectorised over the whole
n x n matrix in float64 -- the same recursion as nnphys's AnalyticKernel (which computes only the lower triangle).
Prints one JSON line: best and median wall seconds over RUNS timed runs after one warm-up, and the best and median
process CPU seconds (all threads) of those runs -- on a machine shared with other jobs the CPU time is what a Gram costs.

Usage: /usr/bin/python3 bench/pytorch/kernel.py [N] [DEPTH] [THREADS] [RUNS]
Needs Debian's python3-torch (run with /usr/bin/python3). Check against nnphys: set CHECK=1 to print K[0,1] and Theta[0,1]
for the points x_i = (i, 1, 0, ..., 0)/|.| (i = 0, 1).
"""
import json, math, os, sys, time
import torch

def gram(x, depth, w=math.sqrt(2.0), b=0.1):
    d = x.shape[1]
    k = x @ x.T / d                                   # (n, n) input kernel
    theta = torch.zeros_like(k)
    for layer in range(depth + 1):
        k = w * w * k + b * b                         # dense
        theta = k + w * w * theta
        if layer == depth:
            break
        diag = torch.sqrt(torch.diagonal(k))          # relu: arc-cosine kernel
        norm = diag[:, None] * diag[None, :]
        c = torch.clamp(k / norm, -1.0, 1.0)
        t = torch.arccos(c)
        theta = theta * (math.pi - t) / (2 * math.pi)
        k = norm * (torch.sqrt(1 - c * c) + (math.pi - t) * c) / (2 * math.pi)
    return k, theta

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    depth = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    x = torch.randn(n, 10, dtype=torch.float64)
    gram(x, depth)
    times, cpu = [], []
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        gram(x, depth)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    times.sort()
    cpu.sort()
    out = {"points": n, "depth": depth, "threads": threads, "best_seconds": times[0], "median_seconds": times[len(times) // 2],
           "best_cpu_seconds": cpu[0], "median_cpu_seconds": cpu[len(cpu) // 2], "torch": torch.__version__}
    if os.environ.get("CHECK"):
        p = torch.tensor([[0.0, 1.0] + [0.0] * 8, [1.0, 1.0] + [0.0] * 8], dtype=torch.float64)
        p = p / p.norm(dim=1, keepdim=True)
        k, t = gram(p, depth)
        out["check_nngp_01"] = k[0, 1].item()
        out["check_ntk_01"] = t[0, 1].item()
    print(json.dumps(out))

if __name__ == "__main__":
    main()
