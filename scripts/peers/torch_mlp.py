#!/usr/bin/env python3
"""Training throughput of the MLP recommender in PyTorch (CPU), for comparison with RecLab's.

The network mirrors RecLab's `mlp` model: user embedding ⊕ item embedding ⊕ user profile features ⊕
item features → dense layers with ReLU → one logit; binary cross-entropy with logits on each training
interaction (label 1) and `--negatives` uniformly sampled items (label 0); Adam; mini-batches.
Features are dense float vectors of the given widths (their values do not change the cost).

Prints one JSON line: samples per second (median over the timed epochs), where a sample is one
(user, item, label) row, and the settings.

Usage: python torch_mlp.py --train DIR/train.tsv --threads 2 [--epochs 3] [--batch 256] ...
"""
import argparse
import json
import statistics
import time

import numpy as np
import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True, help="train.tsv from `reclab data export` (user_id item_id rating timestamp)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=3, help="timed epochs (one warm-up epoch runs first)")
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--negatives", type=int, default=4)
    ap.add_argument("--embedding", type=int, default=32)
    ap.add_argument("--hidden", default="64,32")
    ap.add_argument("--user-features", type=int, default=0)
    ap.add_argument("--item-features", type=int, default=0)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)

    rows = np.loadtxt(a.train, dtype=str, delimiter="\t", skiprows=1, usecols=(0, 1), ndmin=2)
    _, users = np.unique(rows[:, 0], return_inverse=True)
    _, items = np.unique(rows[:, 1], return_inverse=True)
    n_users, n_items = int(users.max()) + 1, int(items.max()) + 1
    user_feats = torch.rand(n_users, a.user_features)
    item_feats = torch.rand(n_items, a.item_features)

    class MLP(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.user = torch.nn.Embedding(n_users, a.embedding)
            self.item = torch.nn.Embedding(n_items, a.embedding)
            width = 2 * a.embedding + a.user_features + a.item_features
            layers = []
            for h in [int(x) for x in a.hidden.split(",") if x]:
                layers += [torch.nn.Linear(width, h), torch.nn.ReLU()]
                width = h
            layers.append(torch.nn.Linear(width, 1))
            self.mlp = torch.nn.Sequential(*layers)

        def forward(self, u, i):
            x = torch.cat([self.user(u), self.item(i), user_feats[u], item_feats[i]], dim=1)
            return self.mlp(x).squeeze(1)

    model = MLP()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    pos_u = torch.as_tensor(users, dtype=torch.long)
    pos_i = torch.as_tensor(items, dtype=torch.long)

    def epoch():
        start = time.perf_counter()
        neg_u = pos_u.repeat(a.negatives)
        neg_i = torch.as_tensor(rng.integers(0, n_items, size=len(neg_u)), dtype=torch.long)
        u = torch.cat([pos_u, neg_u])
        i = torch.cat([pos_i, neg_i])
        y = torch.cat([torch.ones(len(pos_u)), torch.zeros(len(neg_u))])
        perm = torch.as_tensor(rng.permutation(len(u)), dtype=torch.long)
        u, i, y = u[perm], i[perm], y[perm]
        total = 0.0
        for s in range(0, len(u), a.batch):
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(u[s:s + a.batch], i[s:s + a.batch]), y[s:s + a.batch])
            loss.backward()
            opt.step()
            total += loss.item() * min(a.batch, len(u) - s)
        return len(u), time.perf_counter() - start, total / len(u)

    epoch()  # warm-up
    rates, losses = [], []
    for _ in range(a.epochs):
        n, seconds, loss = epoch()
        rates.append(n / seconds)
        losses.append(loss)
    print(json.dumps({"library": "pytorch", "version": torch.__version__, "threads": a.threads,
                      "samples_per_second": statistics.median(rates), "epochs_timed": a.epochs,
                      "samples_per_epoch": n, "batch": a.batch, "negatives": a.negatives,
                      "embedding": a.embedding, "hidden": a.hidden, "user_features": a.user_features,
                      "item_features": a.item_features, "final_loss": losses[-1]}))


if __name__ == "__main__":
    main()
