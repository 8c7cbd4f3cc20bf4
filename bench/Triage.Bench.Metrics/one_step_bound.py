#!/usr/bin/env python3
"""Best possible recall of one-step spikes at <= 1 false alarm per 100,000 steps (two series: loss, grad norm),
for the noise of Triage.Simulator.Curves.CurveSimulator: Gaussian loss noise, half-normal grad-norm noise with
spike sizes in units of the half-normal's sd. A one-point threshold is the optimal test (the likelihood ratio
grows with the point's height), here with the trend and sigma known exactly."""
from statistics import NormalDist

N = NormalDist()
SD = (1 - 2 / 3.141592653589793) ** 0.5  # sd of |N(0,1)|, 0.6028
MEAN = (2 / 3.141592653589793) ** 0.5    # mean of |N(0,1)|, 0.7979


def recalls(loss_share, sizes):
    per_point = 1e-5  # 1 per 100k steps, shared by the two series
    t_loss = N.inv_cdf(1 - per_point * loss_share)
    a = N.inv_cdf(1 - per_point * (1 - loss_share) / 2)  # P(|N| > a)
    loss = sum(1 - N.cdf(t_loss - s) for s in sizes) / len(sizes)
    grad = sum(min(1.0, 2 * (1 - N.cdf(a - SD * s))) for s in sizes) / len(sizes)
    return t_loss, (a - MEAN) / SD, loss, grad


for label, sizes in [("5 sigma", [5.0]), ("5-7 sigma", [5 + 2 * (i + 0.5) / 200 for i in range(200)]),
                     ("7-10 sigma", [7 + 3 * (i + 0.5) / 300 for i in range(300)])]:
    t_loss, t_grad, loss, grad = recalls(0.5, sizes)
    best = max((sum(recalls(f / 100, sizes)[2:]) / 2, f / 100) for f in range(1, 100))
    print(f"{label}: even split: loss threshold {t_loss:.2f} sigma, recall {loss:.3f}; grad norm threshold "
          f"{t_grad:.2f} sigma, recall {grad:.3f}; both {(loss + grad) / 2:.3f}; best split {best[0]:.3f} (loss share {best[1]:.2f})")
