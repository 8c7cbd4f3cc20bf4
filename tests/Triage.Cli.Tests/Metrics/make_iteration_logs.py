#!/usr/bin/env python3
"""Writes the iteration-line logs used by the extract --json approval test (deterministic; run from this folder).

megatron.log: Megatron-LM's training log at --log-interval 1 (the line format of megatron/training/training.py
training_log), a loss spike from iteration 200 (decaying over ~4 iterations), a grad-norm NaN at 240 (the rules'
train.nan / train.overflow), and the timers' lines in between.
deepspeed.log: DeepSpeed's engine lines (log_dist "step=, skipped=, lr=" and the "steps: loss: iter time (s):"
print) for 220 steps with a loss spike at step 180.
"""
import math, random

random.seed(61)

with open("megatron.log", "w") as f:
    f.write("using world size: 16, data-parallel size: 2, context-parallel size: 1, tensor-model-parallel size: 4, pipeline-model-parallel size: 2\n")
    for it in range(1, 261):
        loss = 2.1 + 5.0 * math.exp(-it / 50) + random.gauss(0, 0.01)
        gn = 0.25 + 1.5 * math.exp(-it / 40) + abs(random.gauss(0, 0.01))
        if 200 <= it < 210:
            loss += 0.45 * math.exp(-(it - 200) / 2)
            gn *= 1 + 3 * math.exp(-(it - 200) / 2)
        ms = 1520.0 + random.uniform(-15, 15)
        lr = 1.5e-4 * min(1.0, it / 100)
        nan = it == 240
        ss = 0 if it < 120 else 1  # the loss scale halves once at iteration 120
        scale = 65536.0 / (2 ** ss)
        gn_text = "nan" if nan else f"{gn:.3f}"
        skipped = 1 if nan or it == 120 else 0
        s = 10 + it // 60
        f.write(f" [2026-03-01 00:{it * 1520 // 60000:02d}:{(it * 1520 // 1000) % 60:02d}] iteration {it:8d}/  500000 | consumed samples: {it * 512:12d} | elapsed time per iteration (ms): {ms:.1f} | learning rate: {lr:.3E} | global batch size:   512 | lm loss: {loss:.6E} | loss scale: {scale:.1f} | grad norm: {gn_text} | number of skipped iterations: {skipped:3d} | number of nan iterations: {1 if nan else 0:3d} |\n")
        if it % 50 == 0:
            f.write(f"(min, max) time across ranks (ms):\n    forward-backward ...............................: ({ms - 40:.2f}, {ms - 20:.2f})\n")

with open("deepspeed.log", "w") as f:
    for step in range(1, 221):
        loss = 2.4 + 4.0 * math.exp(-step / 40) + random.gauss(0, 0.01)
        if 180 <= step < 186:
            loss += 0.5 * math.exp(-(step - 180) / 2)
        sec = 1.234 + random.uniform(-0.01, 0.01)
        t = step * 1.234
        ms_part = int((t % 1) * 1000)
        f.write(f"[2026-03-02 00:{int(t) // 60:02d}:{int(t) % 60:02d},{ms_part:03d}] [INFO] [logging.py:96:log_dist] [Rank 0] step={step}, skipped=0, lr=[{3e-4 * min(1, step / 50):.6e}], mom=[(0.9, 0.95)]\n")
        f.write(f"steps: {step} loss: {loss:.4f} iter time (s): {sec:.3f} samples/sec: {256 / sec:.3f}\n")
