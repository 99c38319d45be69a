"""Trains a Gatelab model exported as a PyTorch module with DistributedDataParallel, and saves it for Gatelab.

In Gatelab (a notebook, say):

    ModelIO.save(Path.of("model.safetensors"), model);
    PyTorchExport.write(Path.of("model_torch.py"), model);
    Safetensors.save(Path.of("data.safetensors"), Map.of("inputs", x, "targets", y), Map.of());   // lengths optional

Then, on one machine with two processes (gloo on CPUs, NCCL on GPUs, one GPU each):

    python3 train_ddp.py --processes 2 \
        --module model_torch.py --checkpoint model.safetensors --data data.safetensors --out trained.safetensors

The same script runs unchanged under PyTorch's launcher, on one machine or several:

    torchrun --nnodes 2 --nproc_per_node 8 --rdzv_endpoint host:29500 train_ddp.py --module … (the same options)

(Debian's torch 1.13 under Python 3.11 has a launcher that fails before it starts a process, "'NoneType' object has no
attribute 'get'"; --processes starts the processes itself.) Back in Gatelab, ModelIO.load("trained.safetensors")
gives the model to trace and intervene on.

The data file holds "inputs" [samples, time, features], "targets" ([samples, outputs] for a model whose head reads the
last step, [samples, time, outputs] for every step; class indices [samples, time] with --loss cross_entropy) and
optionally "lengths" [samples]. Each process trains on its share of every epoch (DistributedSampler); DDP averages
the gradients, so every process holds the same weights after each step.
"""
import argparse
import importlib.util
import json
import datetime
import os
import sys
import tempfile

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler


def exported(path):
    """The module PyTorchExport wrote, imported from its file."""
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def loss_of(kind, prediction, target):
    if kind == "mse":
        return F.mse_loss(prediction, target)
    # cross_entropy: logits [batch, time, classes] against class indices [batch, time]
    return F.cross_entropy(prediction.reshape(-1, prediction.size(-1)), target.reshape(-1).long())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--module", required=True, help="the .py file PyTorchExport wrote")
    p.add_argument("--checkpoint", required=True, help="the weights to start from (ModelIO.save)")
    p.add_argument("--data", required=True, help="safetensors with inputs, targets and optionally lengths")
    p.add_argument("--out", required=True, help="where rank 0 saves the trained model, for ModelIO.load")
    p.add_argument("--loss", choices=["mse", "cross_entropy"], default="mse")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=16, help="per process")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--predictions", help="where rank 0 writes the trained model's predictions on every input")
    p.add_argument("--processes", type=int, help="start this many processes on this machine (else torchrun started them)")
    args = p.parse_args()
    if args.processes:
        # The processes meet at a file rather than a port (no port to pick and lose to another program), and talk
        # over the loopback interface, whatever the machine's name resolves to.
        with tempfile.TemporaryDirectory() as meeting:
            torch.multiprocessing.spawn(local_process, args=(args, "file://" + os.path.join(meeting, "rendezvous")),
                                        nprocs=args.processes)
        leave()
    else:
        train(args, "env://")
        leave()


def local_process(rank, args, init_method):
    """One of --processes: the environment torchrun would have set."""
    os.environ.update(RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(args.processes),
                      LOCAL_WORLD_SIZE=str(args.processes))
    os.environ.setdefault("GLOO_SOCKET_IFNAME", "lo")
    train(args, init_method)
    leave()


def leave():
    """Ends the process now that its work is saved: torch 1.13's gloo threads can hang destroy_process_group and the
    interpreter's own shutdown (here about one run in ten), so both are skipped, in the workers and their parent."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def train(args, init_method):
    # One GPU per process where there are enough of them on this machine, else every process on the CPUs.
    local = int(os.environ.get("LOCAL_RANK", 0))
    gpu = torch.cuda.is_available() and torch.cuda.device_count() >= int(os.environ.get("LOCAL_WORLD_SIZE", 1))
    # A process that never arrives is an error after five minutes, not a wait without end.
    dist.init_process_group("nccl" if gpu else "gloo", init_method=init_method, timeout=datetime.timedelta(minutes=5),
                            rank=int(os.environ["RANK"]), world_size=int(os.environ["WORLD_SIZE"]))
    rank, world = dist.get_rank(), dist.get_world_size()
    device = torch.device(f"cuda:{local}") if gpu else torch.device("cpu")
    if gpu:
        torch.cuda.set_device(device)
    torch.manual_seed(args.seed + rank)     # each process its own dropout masks; the weights all come from the checkpoint

    m = exported(args.module)
    model = m.load_gatelab(args.checkpoint).to(device)
    # A cell's parameter that feeds only a traced gate gets no gradient; DDP must be told to expect that.
    ddp = DistributedDataParallel(model, device_ids=[local] if gpu else None, find_unused_parameters=True)
    data, _ = m.load_safetensors(args.data)
    dtype = next(model.parameters()).dtype
    inputs, targets = data["inputs"].to(dtype), data["targets"].to(dtype)
    lengths = data["lengths"].long() if "lengths" in data else torch.full((inputs.size(0),), inputs.size(1))
    dataset = TensorDataset(inputs, targets, lengths)
    sampler = DistributedSampler(dataset, num_replicas=world, rank=rank, shuffle=True, seed=args.seed)
    loader = DataLoader(dataset, batch_size=args.batch_size, sampler=sampler)
    optimizer = torch.optim.Adam(ddp.parameters(), lr=args.lr)

    losses = []
    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        ddp.train()
        total, count = torch.zeros(2, dtype=torch.float64, device=device), 0
        for x, y, n in loader:
            x, y, n = x.to(device), y.to(device), n.to(device)
            optimizer.zero_grad()
            loss = loss_of(args.loss, ddp(x, n), y)
            loss.backward()
            optimizer.step()
            total += torch.tensor([loss.item() * x.size(0), x.size(0)], dtype=torch.float64, device=device)
        dist.all_reduce(total)
        losses.append((total[0] / total[1]).item())
        if rank == 0:
            # DistributedSampler pads each epoch to a multiple of the processes, so a few samples may count twice.
            print(f"epoch {epoch + 1}: mean training loss {losses[-1]:.6f} over {int(total[1].item())} samples"
                  f" on {world} processes", flush=True)

    if rank == 0:
        m.save_gatelab(ddp, args.out)
        if args.predictions:
            model.eval()
            with torch.no_grad():
                predicted = model(inputs.to(device), lengths.to(device)).cpu()
            m.save_safetensors(args.predictions, {"predictions": predicted},
                               {"losses": json.dumps(losses), "world_size": str(world)})
        print(f"saved {args.out}", flush=True)
    dist.barrier()                 # every process waits until rank 0 has saved; leave() then ends it


if __name__ == "__main__":
    main()
