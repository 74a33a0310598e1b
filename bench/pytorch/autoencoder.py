#!/usr/bin/env python3
"""PyTorch baseline for `nnphys train autoencoder`: the same MNIST 0-5 autoencoder (SPEC section 1), same data,
batch 128, Adam 1e-3, MSE. Prints seconds per epoch and the loss after each epoch as JSON lines.

Usage: /usr/bin/python3 bench/pytorch/autoencoder.py DATA_DIR [EPOCHS] [THREADS]
Needs Debian's python3-torch (run with /usr/bin/python3, the Debian interpreter) (PyTorch 1.13, CPU). Reads the IDX files itself (no torchvision download).
"""
import json, struct, sys, time, gzip, os
import torch
from torch import nn

def read_idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    magic, = struct.unpack('>I', data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack('>' + 'I' * ndim, data[4:4 + 4 * ndim])
    t = torch.frombuffer(bytearray(data[4 + 4 * ndim:]), dtype=torch.uint8)
    return t.reshape(dims)

def find(d, stem):
    for name in (stem, stem + '.gz', stem.replace('-idx', '.idx'), stem.replace('-idx', '.idx') + '.gz'):
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    raise SystemExit(f'{stem} not found in {d}')

def main():
    data_dir = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    images = read_idx(find(data_dir, 'train-images-idx3-ubyte')).reshape(-1, 784).float() / 255.0
    labels = read_idx(find(data_dir, 'train-labels-idx1-ubyte'))
    x = images[labels <= 5].contiguous()
    model = nn.Sequential(
        nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 200), nn.ReLU(),
        nn.Linear(200, 2, bias=False), nn.Linear(2, 2, bias=False),
        nn.Linear(2, 200), nn.ReLU(), nn.Linear(200, 512), nn.ReLU(), nn.Linear(512, 784), nn.Sigmoid())
    # bottleneck weights start Gaussian as in SPEC section 1: N(0, 1/fan_in) (nnphys AutoencoderOptions, gain 1)
    with torch.no_grad():
        for layer in (model[4], model[5]):
            layer.weight.normal_(0.0, layer.in_features ** -0.5)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = nn.MSELoss()
    n = x.shape[0]
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        perm = torch.randperm(n)
        total = 0.0
        for i in range(0, n, 128):
            xb = x[perm[i:i + 128]]
            opt.zero_grad()
            loss = loss_fn(model(xb), xb)
            loss.backward()
            opt.step()
            total += loss.item() * xb.shape[0]
        seconds = time.perf_counter() - start
        print(json.dumps({'epoch': epoch, 'seconds': round(seconds, 3), 'train_loss': total / n, 'images': n, 'threads': threads}), flush=True)

if __name__ == '__main__':
    main()
