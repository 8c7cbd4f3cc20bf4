#!/usr/bin/env python3
"""Writes the metrics samples used by the extract --json approval test (deterministic; run from this folder)."""
import math, random, struct

random.seed(6)

# train.jsonl: rank 0's global metrics, one row per step, with a spike, a loss-scale drop, a NaN,
# a restart (steps go back: attempt 1), a duplicate and an out-of-order step, and a cut last line.
rows = []
def row(step, t, loss, gn, scale):
    l = "NaN" if isinstance(loss, str) else f"{loss:.5f}"
    return f'{{"time":"2026-03-01T00:{t // 60:02d}:{t % 60:02d}Z","step":{step},"rank":0,"loss":{l},"grad_norm":{gn:.4f},"loss_scale":{scale},"lr":3.0e-4,"step_time_ms":{1000 + random.randint(0, 20)}}}'
t = 0
for step in range(0, 260):
    loss = 2.0 + 6.0 * math.exp(-step / 60) + random.gauss(0, 0.01)
    gn = 0.3 + 2.0 * math.exp(-step / 40) + abs(random.gauss(0, 0.02))
    if 200 <= step < 215:
        loss += 0.6 * math.exp(-(step - 200) / 4)
    scale = 65536 if step < 150 else 32768
    if step == 250:
        loss = "NaN"
    rows.append(row(step, t, loss, gn, scale))
    if step == 120:
        rows.append(row(step, t, 2.1, 0.3, scale))      # duplicate step
    if step == 121:
        rows.append(row(119, t, 2.1, 0.3, scale))       # out of order
    t += 1
t += 300  # the restart: resumed from the step-240 checkpoint
for step in range(240, 280):
    loss = 2.0 + 6.0 * math.exp(-step / 60) + random.gauss(0, 0.01)
    rows.append(row(step, t, loss, 0.3 + abs(random.gauss(0, 0.02)), 32768))
    t += 1
with open("train.jsonl", "w") as f:
    f.write("\n".join(rows) + "\n" + rows[-1][:40])  # a cut-off last line

# step_times.csv: per-rank step times; rank 5 slows down from step 30; a short row, text nan/inf.
with open("step_times.csv", "w") as f:
    f.write("step,rank,time,step_time_ms,tokens_per_s\n")
    for step in range(0, 60):
        for rank in range(8):
            ms = 1000 * (1 + random.uniform(0, 0.03)) * (1.6 if rank == 5 and step >= 30 else 1.0)
            tok = "nan" if (step, rank) == (10, 2) else ("inf" if (step, rank) == (11, 3) else f"{4096000 / ms:.1f}")
            f.write(f"{step},{rank},{1772323200 + step},{ms:.1f},{tok}\n")
            if (step, rank) == (20, 1):
                f.write(f"{step + 1},{rank}\n")  # missing columns

# events.out.tfevents.*: TensorBoard scalars (simple_value for loss, a float tensor for grad norm),
# a spike at step 150, and a last record whose data CRC is wrong.
def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF
def masked(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF
def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out
def field(num, wire, payload):
    return varint(num << 3 | wire) + payload
def ld(num, payload):
    return field(num, 2, varint(len(payload)) + payload)
def record(data, corrupt=False):
    head = struct.pack("<Q", len(data))
    return head + struct.pack("<I", masked(head)) + data + struct.pack("<I", masked(data) ^ (1 if corrupt else 0))
def event(step, wall, values):
    summary = b"".join(ld(1, v) for v in values)
    return field(1, 1, struct.pack("<d", wall)) + field(2, 0, varint(step)) + ld(5, summary)
def simple(tag, x):
    return ld(1, tag.encode()) + field(2, 5, struct.pack("<f", x))
def tensor(tag, x):
    proto = field(1, 0, varint(1)) + ld(4, struct.pack("<f", x))  # DT_FLOAT, tensor_content
    return ld(1, tag.encode()) + ld(8, proto)
with open("events.out.tfevents.1772323200.node-003", "wb") as f:
    f.write(record(field(1, 1, struct.pack("<d", 1772323200.0)) + ld(3, b"brain.Event:2")))
    for step in range(0, 200):
        loss = 3.0 + 4.0 * math.exp(-step / 40) + random.gauss(0, 0.01) + (0.8 if step == 150 else 0.0)
        gn = 0.5 + abs(random.gauss(0, 0.02))
        f.write(record(event(step, 1772323200.0 + step, [simple("train/loss", loss)])))
        f.write(record(event(step, 1772323200.0 + step, [tensor("train/grad_norm", gn)])))
    f.write(record(event(200, 1772323400.0, [simple("train/loss", 3.1)]), corrupt=True))
