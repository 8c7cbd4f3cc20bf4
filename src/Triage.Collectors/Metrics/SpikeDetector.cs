namespace Triage.Collectors.Metrics;

/// <summary>
/// Finds upward spikes in one series (loss or grad norm of one rank in one attempt), streaming, in
/// constant memory. The trend is a robust Holt filter (level and slope, each point's pull clipped
/// at 3σ), so the warm-up's steep fall and the LR schedule's slow one are followed, not flagged;
/// σ is the running mean of the upward residuals × 1.2533 (σ for Gaussian noise; wider for noise
/// skewed upwards, as grad norms are). A spike is reported when one point is
/// <see cref="MetricsOptions.SpikeSigma"/> above the trend (raised by up to 1.3× for noise whose
/// upward residuals are larger than its downward ones, as a half-normal's are), or when a one-sided CUSUM of the
/// standardised residuals (reference 1σ) passes its threshold with at least one point 4σ up — which catches spikes of ≥ 5σ
/// that last a few steps at about one false alarm per 10⁵–10⁶ clean points. Nothing is reported
/// during the first <see cref="MetricsOptions.WarmupPoints"/> points. A spike that lasts longer than
/// <see cref="MetricsOptions.MaxSpikePoints"/> is taken as a level shift and the trend restarts.
/// Not thread-safe.
/// </summary>
internal sealed class SpikeDetector(MetricsOptions options)
{
    private const double LevelAlpha = 0.15;
    private const double SlopeBeta = 0.05;
    private const double ScaleAlpha = 0.01;
    private const double CusumReference = 1.0;
    private const double Clip = 3.0;

    /// <summary>Weight of one residual in the slow means that tell the noise's shape (~1,000 points).</summary>
    private const double ShapeAlpha = 0.001;

    /// <summary>Up/down ratio of mean residuals past which noise counts as skewed: half-normal noise gives 1.35, Gaussian 1.</summary>
    private const double MaxSkew = 1.3;

    /// <summary>A run of points above the trend is only a spike when one of them is this far up (a long run of small ones is drift).</summary>
    private const double MinPeakSigma = 3.0;

    private long _n;
    private double _level;
    private double _slope;
    private double _meanUp;
    private double _slowUp;
    private double _slowDown;
    private double _cusum;
    private MetricAt _runStart;
    private MetricAt? _aboveSince;
    private MetricAt? _strongSince;
    private double _aboveMax;
    private double _abovePeak;
    private double _aboveExpected;
    private bool _inSpike;
    private int _points;
    private double _peakZ;
    private double _peak;
    private double _peakExpected;
    private long _lastStep;

    /// <summary>Adds a finite value; returns a spike that has just ended, if any.</summary>
    public SpikeEvent? Add(double x, in MetricAt at)
    {
        _n++;
        if (_n == 1)
        {
            _level = x;
            return null;
        }

        var expected = _level + _slope;
        var r = x - expected;
        if (_n == 2)
        {
            _slope = r;
            _level = x;
            _meanUp = Math.Abs(r);
            (_slowUp, _slowDown) = (_meanUp, _meanUp);
            return null;
        }

        var sigma = Math.Max(1.2533 * _meanUp, 1e-9 * Math.Max(Math.Abs(_level), 1e-12));
        var z = r / sigma;
        var learning = _n <= options.WarmupPoints;
        SpikeEvent? ended = null;
        _cusum = Math.Max(0, _cusum + z - CusumReference);
        if (z <= CusumReference)
        {
            _aboveSince = null;
            _strongSince = null;
        }
        else
        {
            if (_aboveSince is null || z > _aboveMax)
            {
                (_aboveMax, _abovePeak, _aboveExpected) = (z, x, expected);
            }

            _aboveSince ??= at;
            if (z >= MinPeakSigma)
            {
                _strongSince ??= at;
            }
        }

        if (!learning && !_inSpike && _aboveSince is { } since && _aboveMax >= MinPeakSigma && (z >= OnePointThreshold || _cusum >= CusumThreshold))
        {
            _inSpike = true;
            // The spike starts at its first point that is itself far up: the 1-3σ points the run may
            // begin with are the noise it rose out of (a spike at step 110 was placed at 109 before).
            _runStart = _strongSince ?? since;
            _points = 0;
            (_peakZ, _peak, _peakExpected) = (_aboveMax, _abovePeak, _aboveExpected);
        }

        if (_inSpike)
        {
            if (z > CusumReference)
            {
                _points++;
                if (z > _peakZ)
                {
                    (_peakZ, _peak, _peakExpected) = (z, x, expected);
                }

                _lastStep = at.Step;
                if (_points <= options.MaxSpikePoints)
                {
                    _level = expected; // the spike does not move the trend
                    return null;
                }

                // Too long for a spike: a new level. Report what was seen and learn from here.
                ended = End();
                _level = x;
                _slope = 0;
                _cusum = 0;
                _aboveSince = null;
                _strongSince = null;
                return ended;
            }

            ended = End();
        }

        // Only upward pulls are clipped (spikes are upward); a fast fall (warm-up, an LR drop) is followed at once.
        var pull = Math.Min(r, Clip * sigma);
        var level = expected + (Math.Max(LevelAlpha, 2.0 / _n) * pull);
        _slope += Math.Max(SlopeBeta, 1.0 / _n) * (level - _level - _slope);
        _level = level;
        if (r > 0)
        {
            // Upward deviations only: a spike is upward, and skewed noise (grad norms) has its long tail there.
            _meanUp += Math.Max(ScaleAlpha, 2.0 / _n) * (Math.Min(r, Clip * sigma) - _meanUp);
            _slowUp += Math.Max(ShapeAlpha, 2.0 / _n) * (Math.Min(r, Clip * sigma) - _slowUp);
        }
        else
        {
            _slowDown += Math.Max(ShapeAlpha, 2.0 / _n) * (Math.Min(-r, Clip * sigma) - _slowDown);
        }

        if (learning)
        {
            _cusum = 0;
        }

        return ended;
    }

    /// <summary>The spike still open at the end of the series, if any.</summary>
    public SpikeEvent? Flush() => _inSpike ? End() : null;

    private double CusumThreshold => options.SustainedSigma;

    /// <summary>
    /// <see cref="MetricsOptions.SpikeSigma"/> for symmetric noise, raised by the noise's skew (the
    /// ratio of the mean upward to the mean downward residual, up to <see cref="MaxSkew"/>): a
    /// long upper tail (grad norms) passes a given σ far more often than Gaussian noise does.
    /// </summary>
    private double OnePointThreshold => options.SpikeSigma * Skew;

    /// <summary>The noise's skew factor in [1, <see cref="MaxSkew"/>].</summary>
    private double Skew => Math.Clamp(_slowDown > 0 ? _slowUp / _slowDown : MaxSkew, 1, MaxSkew);

    private SpikeEvent End()
    {
        _inSpike = false;
        _cusum = 0;
        var relative = _peakExpected != 0 ? (_peak / _peakExpected) - 1 : double.PositiveInfinity;
        return new SpikeEvent(_runStart, _peakZ, relative, _points, _lastStep, _peak, _peakExpected);
    }
}
