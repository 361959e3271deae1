"""``NAME_train.py``: keep training an exported PyTorch module with the document's settings.

The script mirrors ``engine/training.py`` step for step: the same validation split (already
in ``NAME_data.npz``), the same shuffled minibatch order (NumPy's generator seeded with the
document's seed), the same learning-rate schedule, regularisation (l2·w and l1·sign(w) added
to the weights' gradients), optimisers (BP Studio's momentum keeps η inside the velocity) and
stop conditions. On one process its first step equals the engine's (the tests check it);
under ``torchrun`` every process takes its share of each minibatch and
DistributedDataParallel averages the gradients, scaled so the step is the same.
"""

from __future__ import annotations

from bpstudio.formats.export_source import comment_text


def train_script(stem: str, summary: str) -> str:
    """The script for the files ``stem``.py/.pt/_data.npz; ``summary`` is one line of text.
    In code the name appears only as Python literals, so any file name works."""
    text = comment_text(stem, 200)
    return (_SCRIPT.replace("{name!r}", repr(stem)).replace("{stem}", text)
            .replace("{summary}", comment_text(summary, 300)))


_SCRIPT = '''\
#!/usr/bin/env python3
"""Keep training {stem} with the settings of its BP Studio document.

{summary}

    python {stem}_train.py                          # one CPU, or one GPU if there is one
    torchrun --nproc_per_node=4 {stem}_train.py     # 4 processes (DistributedDataParallel:
                                                    # nccl on GPUs, gloo on CPUs)
    python {stem}_train.py --epochs 200 --lr 0.01 --out better.pt

Reads {stem}.py and {stem}.pt (the network and its weights) and {stem}_data.npz (the data,
split as BP Studio splits it, targets encoded for the outputs). Writes the trained weights to
{stem}_trained.pt: {stem}.load("{stem}_trained.pt") loads them.
"""

import argparse
import importlib.util
import math
import os
import sys
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

HERE = Path(__file__).resolve().parent
NAME = {name!r}   # the exported files: NAME.py, NAME.pt, NAME_data.npz


def load_model_module():
    """{stem}.py, imported from this script's folder (its name need not be an identifier)."""
    spec = importlib.util.spec_from_file_location("exported_model", HERE / f"{NAME}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def learning_rate(settings, epoch):
    """η for an epoch (0-based): constant, step decay, or cosine down to min_learning_rate."""
    lr = settings["learning_rate"]
    if settings["schedule"] == "step":
        return lr * settings["step_gamma"] ** (epoch // settings["step_every"])
    if settings["schedule"] == "cosine":
        progress = min(epoch / max(settings["epochs"] - 1, 1), 1.0)
        low = min(settings["min_learning_rate"], lr)
        return low + 0.5 * (lr - low) * (1 + math.cos(math.pi * progress))
    return lr


class Momentum(torch.optim.Optimizer):
    """BP Studio's momentum: v ← μ·v − η·g, w ← w + v (Nesterov: w ← w + μ·v − η·g).
    torch.optim.SGD keeps v without η, which differs once η follows a schedule."""

    def __init__(self, params, lr, momentum, nesterov):
        super().__init__(params, {"lr": lr, "momentum": momentum, "nesterov": nesterov})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                v = self.state[p].setdefault("velocity", torch.zeros_like(p))
                v.mul_(group["momentum"]).add_(p.grad, alpha=-group["lr"])
                if group["nesterov"]:
                    p.add_(p.grad, alpha=-group["lr"]).add_(v, alpha=group["momentum"])
                else:
                    p.add_(v)


def make_optimizer(params, settings):
    lr = learning_rate(settings, 0)
    if settings["optimizer"] == "momentum":
        return Momentum(params, lr, settings["momentum"], settings["nesterov"])
    if settings["optimizer"] == "adam":   # the same update as BP Studio's Adam
        return torch.optim.Adam(params, lr, betas=(settings["beta1"], settings["beta2"]),
                                eps=settings["epsilon"])
    return torch.optim.SGD(params, lr)


def regularise(net, settings):
    """Add l2·w + l1·sign(w) to the gradients of the weights (never the biases)."""
    if not (settings["l1"] or settings["l2"]):
        return
    with torch.no_grad():
        for name, p in net.named_parameters():
            if name.endswith(".weight") and p.requires_grad:
                if p.grad is None:   # a level that feeds no output: only the penalty
                    p.grad = torch.zeros_like(p)
                p.grad.add_(p, alpha=settings["l2"]).add_(torch.sign(p), alpha=settings["l1"])


class Run:
    """The network, its data and optimiser on this process, and the epoch loop."""

    def __init__(self, model, settings, data, device, dtype, rank=0, world=1):
        self.model, self.settings = model, settings
        self.rank, self.world = rank, world
        self.device, self.dtype = device, dtype
        self.net = model.load(dtype=dtype).to(device)
        # DistributedDataParallel averages gradients over processes at backward()
        self.trained = self.net
        if world > 1:
            # a level whose neurons feed no output gets no gradient: DDP must look for it
            self.trained = DistributedDataParallel(
                self.net, device_ids=[device] if device.type == "cuda" else None,
                find_unused_parameters=bool(model.IDLE_LEVELS))
        self.optimizer = make_optimizer([p for p in self.net.parameters() if p.requires_grad],
                                        settings)
        self.data = {key: self.tensor(data[key]) for key in
                     ("x_train", "y_train", "x_val", "y_val", "x_test", "y_test")}
        self.labels_test = data["labels_test"]
        self.task, self.threshold = str(data["task"]), float(data["threshold"])
        n = len(data["x_train"])
        self.n_train = n
        self.batch_size = n if settings["batch_size"] == 0 else min(settings["batch_size"], n)
        self.shuffle = settings["shuffle"] and self.batch_size < n
        self.rng = np.random.default_rng(settings["seed"])   # the engine's shuffling stream
        self.epoch = 0

    def tensor(self, array):
        return torch.as_tensor(np.asarray(array), dtype=self.dtype, device=self.device)

    def step(self, rows):
        """One minibatch (``rows`` of the training set): this process takes every
        world-th row; its summed loss is scaled so the averaged gradient is the
        gradient of the batch's mean loss. Returns the batch's mean loss."""
        mine = torch.as_tensor(rows[self.rank::self.world], device=self.device)
        x, y = self.data["x_train"][mine], self.data["y_train"][mine]
        self.optimizer.zero_grad(set_to_none=False)
        total = self.model.summed_loss(self.trained, x, y)
        (total * (self.world / len(rows))).backward()
        regularise(self.net, self.settings)
        self.optimizer.step()
        total = total.detach()
        if self.world > 1:
            dist.all_reduce(total)
        return total.item() / len(rows)

    def run_epoch(self):
        """Every minibatch of one epoch, in the engine's order; the epoch's mean loss."""
        for group in self.optimizer.param_groups:
            group["lr"] = learning_rate(self.settings, self.epoch)
        order = (self.rng.permutation(self.n_train) if self.shuffle
                 else np.arange(self.n_train))
        total = 0.0
        for start in range(0, self.n_train, self.batch_size):
            rows = order[start:start + self.batch_size]
            loss = self.step(rows)
            if not math.isfinite(loss):
                raise FloatingPointError(f"the loss became {loss} in epoch {self.epoch + 1}; "
                                         "try a lower learning rate (--lr)")
            total += loss * len(rows)
        self.epoch += 1
        return total / self.n_train

    @torch.no_grad()
    def loss(self, x, y):
        """Mean loss of the current weights on (x, y); None without samples."""
        return self.model.summed_loss(self.net, x, y).item() / len(x) if len(x) else None

    @torch.no_grad()
    def metric(self, x, y, labels):
        """Accuracy (classification) or R² (regression) on (x, y)."""
        outputs = self.net(x)
        if self.task == "classification":
            if outputs.shape[1] == 1:
                predicted = (outputs[:, 0] >= self.threshold).long()
            else:
                predicted = outputs.argmax(dim=1)
            return float((predicted.cpu().numpy() == labels).mean())
        residual = ((y - outputs) ** 2).sum().item()
        spread = ((y - y.mean(dim=0)) ** 2).sum().item()
        return 1 - residual / spread if spread else float("nan")


def main(argv=None):
    model = load_model_module()
    settings = dict(model.SETTINGS)
    parser = argparse.ArgumentParser(description=f"Keep training {NAME} with its settings.")
    parser.add_argument("--epochs", type=int, default=settings["epochs"])
    parser.add_argument("--lr", type=float, default=settings["learning_rate"])
    parser.add_argument("--batch-size", type=int, default=settings["batch_size"],
                        help="0 = full batch (the global batch, shared by all processes)")
    parser.add_argument("--dtype", choices=("float64", "float32"), default=settings["dtype"])
    parser.add_argument("--cpu", action="store_true", help="train on the CPU even with a GPU")
    parser.add_argument("--out", default=str(HERE / f"{NAME}_trained.pt"))
    args = parser.parse_args(argv)
    settings.update(epochs=args.epochs, learning_rate=args.lr, batch_size=args.batch_size)

    world = int(os.environ.get("WORLD_SIZE", "1"))   # torchrun sets it
    cuda = torch.cuda.is_available() and not args.cpu
    rank = 0
    device = torch.device("cpu")
    if cuda:   # one GPU per process: torchrun numbers them by LOCAL_RANK
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
        torch.cuda.set_device(device)
    if world > 1:
        dist.init_process_group("nccl" if cuda else "gloo")
        rank = dist.get_rank()
    dtype = getattr(torch, args.dtype)
    with np.load(HERE / f"{NAME}_data.npz", allow_pickle=False) as data:
        run = Run(model, settings, dict(data), device, dtype, rank, world)
    say = print if rank == 0 else (lambda *a, **k: None)
    say(f"training {NAME} on {world} process(es), {device.type}, {args.dtype}: "
        f"{run.n_train} samples, batch {run.batch_size}, {settings['optimizer']}, "
        f"loss {model.LOSS}")
    best = None   # (watched loss, epoch, weights) for early stopping
    every = max(1, settings["epochs"] // 20)
    message = f"finished {settings['epochs']} epochs"
    try:
        while run.epoch < settings["epochs"]:
            train_loss = run.run_epoch()
            val_loss = run.loss(run.data["x_val"], run.data["y_val"])
            if run.epoch % every == 0 or run.epoch == settings["epochs"]:
                x_test, y_test = run.data["x_test"], run.data["y_test"]
                say(f"epoch {run.epoch}: train loss {train_loss:.6g}"
                    + (f", validation loss {val_loss:.6g}" if val_loss is not None else "")
                    + (f", test loss {run.loss(x_test, y_test):.6g}, test "
                       f"{'accuracy' if run.task == 'classification' else 'R²'} "
                       f"{run.metric(x_test, y_test, run.labels_test):.4g}"
                       if len(x_test) else ""))
            if settings["target_loss"] > 0 and train_loss <= settings["target_loss"]:
                message = f"training loss {train_loss:.4g} reached the target"
                break
            if settings["patience"]:
                watched = train_loss if val_loss is None else val_loss
                if best is None or watched < best[0]:
                    best = (watched, run.epoch, {k: v.clone() for k, v in
                                                 run.net.state_dict().items()})
                elif run.epoch - best[1] >= settings["patience"]:
                    run.net.load_state_dict(best[2])
                    message = f"stopped early; kept the weights of epoch {best[1]}"
                    break
    except FloatingPointError as error:
        message = str(error)
    say(message)
    if rank == 0:
        torch.save({k: v.detach().cpu() for k, v in run.net.state_dict().items()}, args.out)
        say(f"saved the weights to {args.out}")
    if world > 1:
        # every process leaves together, after rank 0 has saved
        dist.barrier(device_ids=[device.index] if cuda else None)
        dist.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''
