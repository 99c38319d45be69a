# ---------------------------------------------------------------------------------------------------------------------
# The runtime every exported model shares: the scan of a cell over time, and checkpoints in Gatelab's safetensors form.
# ---------------------------------------------------------------------------------------------------------------------


class Cell(nn.Module):
    """A recurrent cell: `step` (written per cell, below) is one step's equations; `forward` scans it over a sequence.

    The blocks' pre-activations come as the two parts Gatelab and PyTorch both keep apart, xg = x_t W_ih^T + b_ih and
    hg = h_{t-1} W_hh^T + b_hh, each cut into the cell's blocks. Past a sample's length (`lengths`) its states are
    carried unchanged and its output is zero, as with PyTorch's packed sequences.
    """

    def step(self, xg: List[Tensor], hg: List[Tensor], h_prev: Tensor, states: List[Tensor],
             params: List[Tensor]) -> Tuple[Tensor, List[Tensor]]:
        raise NotImplementedError

    def forward(self, x: Tensor, h: Tensor, states: List[Tensor], weight_ih: Tensor, weight_hh: Tensor,
                bias_ih: Optional[Tensor], bias_hh: Optional[Tensor], weight_hr: Optional[Tensor],
                params: List[Tensor], lengths: Optional[Tensor], reverse: bool, blocks: int,
                recurrent_blocks: int) -> Tuple[Tensor, Tensor, List[Tensor]]:
        """x [time, batch, features], h [batch, P]: the outputs [time, batch, P], and h and the states at the end."""
        steps = x.size(0)
        xg_all = F.linear(x, weight_ih, bias_ih)
        outputs: List[Tensor] = []
        for s in range(steps):
            t = steps - 1 - s if reverse else s
            hg = F.linear(h, weight_hh, bias_hh)
            m, new_states = self.step(xg_all[t].chunk(blocks, 1), hg.chunk(recurrent_blocks, 1), h, states, params)
            h_new = m if weight_hr is None else F.linear(m, weight_hr)
            out = h_new
            if lengths is not None:
                live = (lengths > t).unsqueeze(1)
                out = torch.where(live, h_new, torch.zeros_like(h_new))
                h_new = torch.where(live, h_new, h)
                new_states = [torch.where(live, n, o) for n, o in zip(new_states, states)]
            outputs.append(out)
            h = h_new
            states = new_states
        if reverse:
            outputs.reverse()
        return torch.stack(outputs), h, states


def layer_norm(x: Tensor) -> Tensor:
    """Gatelab's layer_norm: over each row's units, with PyTorch's eps and no gain or bias (a cell applies its own)."""
    return F.layer_norm(x, [x.size(1)], None, None, 1e-5)


_DTYPES = {"F32": (torch.float32, 4), "F64": (torch.float64, 8)}


def load_safetensors(path: str) -> Tuple[Dict[str, Tensor], Dict[str, str]]:
    """The tensors of a safetensors file by name, and its metadata; only numbers are read, so no code runs."""
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] not in _DTYPES:
            raise ValueError(f"{path}: tensor {name!r} is {entry['dtype']}; expected F32 or F64")
        dtype, width = _DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        t = torch.frombuffer(raw, dtype=dtype) if end > begin else torch.zeros(0, dtype=dtype)
        tensors[name] = t.reshape(entry["shape"]).clone()
    return tensors, metadata


def save_safetensors(path: str, tensors: Dict[str, Tensor], metadata: Dict[str, str]) -> None:
    """Writes tensors (float32 or float64) with string metadata, replacing `path` only once the file is whole."""
    header: Dict[str, object] = {"__metadata__": dict(metadata)} if metadata else {}
    chunks, at = [], 0
    for name, t in tensors.items():
        t = t.detach().to("cpu").contiguous()
        code = {torch.float32: "F32", torch.float64: "F64"}.get(t.dtype)
        if code is None:
            raise ValueError(f"tensor {name!r} is {t.dtype}; a Gatelab checkpoint holds float32 or float64")
        raw = t.numpy().astype("<f4" if code == "F32" else "<f8").tobytes() if t.numel() else b""   # little-endian
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [at, at + len(raw)]}
        chunks.append(raw)
        at += len(raw)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * (-len(head) % 8)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(head)))
            f.write(head)
            for raw in chunks:
                f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    d = os.open(directory, os.O_RDONLY)     # the rename itself, on disk
    try:
        os.fsync(d)
    finally:
        os.close(d)
