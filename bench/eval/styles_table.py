#!/usr/bin/env python3
"""Prints the scenario x style grid of bench/eval/styles.sh: top-1 per cell (runs right / runs),
then per style top-1, mean precision and recall, the dev and held-out groups apart (bench/eval/styles.md)."""
import json, os, re, sys
from collections import defaultdict

out = sys.argv[1]
split = {}
md = os.path.join(os.path.dirname(os.path.abspath(__file__)), "styles.md")
for line in open(md):
    m = re.match(r"\|\s*[0-9a-f]{16}\s*\|\s*`([^`]+)`\s*\|\s*\**(held out|dev)", line)
    if m:
        split[m.group(1)] = m.group(2)
split["default"] = "default"

cells = defaultdict(lambda: [0, 0])
per_style = {}
scenarios = []
for name in sorted(os.listdir(out)):
    if not name.endswith(".json"):
        continue
    style = name[:-5]
    try:
        doc = json.load(open(os.path.join(out, name)))
    except (ValueError, OSError):
        print(f"{style}: no eval output (see {style}.err)")
        continue
    p, r, t, n = [], [], 0, 0
    for run in doc["runs"]:
        sc = ",".join(run["scenarios"])
        if sc not in scenarios:
            scenarios.append(sc)
        ok = bool(run.get("top1"))
        cells[(style, sc)][0] += ok
        cells[(style, sc)][1] += 1
        t += ok
        n += 1
        for c in run["causes"]:
            if c.get("precision") is not None:
                p.append(c["precision"])
            if c.get("recall") is not None:
                r.append(c["recall"])
    per_style[style] = (t, n, sum(p) / len(p) if p else float("nan"), sum(r) / len(r) if r else float("nan"))

groups = [("default", ["default"]), ("dev", sorted(s for s in per_style if split.get(s) == "dev")),
          ("held out", sorted(s for s in per_style if split.get(s) == "held out"))]
width = max([len(s) for s in scenarios] + [10])
for title, styles in groups:
    styles = [s for s in styles if s in per_style]
    if not styles:
        continue
    print(f"\n## {title}\n")
    print("| scenario | " + " | ".join(styles) + " |")
    print("| --- |" + " --- |" * len(styles))
    for sc in scenarios:
        row = []
        for st in styles:
            ok, n = cells[(st, sc)]
            row.append(f"{ok}/{n}" if n else "-")
        print(f"| {sc} | " + " | ".join(row) + " |")
    tot = [per_style[s] for s in styles]
    print("| **top-1** | " + " | ".join(f"**{t}/{n}**" for t, n, _, _ in tot) + " |")
    print("| precision (mean) | " + " | ".join(f"{p:.2f}" for _, _, p, _ in tot) + " |")
    print("| recall (mean) | " + " | ".join(f"{r:.2f}" for _, _, _, r in tot) + " |")
    t = sum(x[0] for x in tot); n = sum(x[1] for x in tot)
    print(f"\n{title}: top-1 {t}/{n} ({100.0 * t / max(n, 1):.0f}%)")
