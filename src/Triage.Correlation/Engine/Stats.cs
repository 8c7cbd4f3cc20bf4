namespace Triage.Correlation.Engine;

/// <summary>The few distributions the engine's tests need (chi-square tails via the regularized gamma function).</summary>
internal static class Stats
{
    /// <summary>P(X ≥ x) for X ~ χ²(df).</summary>
    public static double ChiSquareSurvival(double x, double df)
    {
        if (x <= 0 || double.IsNaN(x))
        {
            return 1.0;
        }

        return RegularizedGammaQ(df / 2.0, x / 2.0);
    }

    /// <summary>
    /// Log-likelihood ratio of "a share q = hits / n of the units hold the value" (the MLE) against
    /// "each holds it with its baseline probability p"; 0 when q is not above p (no enrichment).
    /// Twice it is the G-statistic (χ² with one degree of freedom).
    /// </summary>
    public static double EnrichmentLlr(int hits, int n, double p)
    {
        if (hits <= 0 || n <= 0)
        {
            return 0;
        }

        var q = (double)hits / n;
        return q <= p ? 0 : (hits * Math.Log(q / p)) + (n - hits == 0 ? 0 : (n - hits) * Math.Log((1 - q) / (1 - p)));
    }

    private static double RegularizedGammaQ(double a, double x)
    {
        if (x < a + 1)
        {
            return 1.0 - GammaSeries(a, x);
        }

        return GammaContinuedFraction(a, x);
    }

    private static double GammaSeries(double a, double x)
    {
        var sum = 1.0 / a;
        var term = sum;
        for (var n = 1; n < 500; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * 1e-15)
            {
                break;
            }
        }

        return sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
    }

    private static double GammaContinuedFraction(double a, double x)
    {
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 500; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny)
            {
                d = tiny;
            }

            c = b + an / c;
            if (Math.Abs(c) < tiny)
            {
                c = tiny;
            }

            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }

        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
    }

    /// <summary>ln Γ(x) (Lanczos approximation).</summary>
    /// <summary>P(X ≥ <paramref name="m"/>) for X ~ Binomial(<paramref name="n"/>, <paramref name="p"/>).</summary>
    public static double BinomialUpperTail(int m, int n, double p)
    {
        if (m <= 0)
        {
            return 1;
        }

        if (m > n || p <= 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return 1;
        }

        // Sum the upper terms directly (each from the log of its binomial coefficient): no cancellation for small tails.
        var sum = 0.0;
        for (var k = m; k <= n; k++)
        {
            var log = LogGamma(n + 1) - LogGamma(k + 1) - LogGamma(n - k + 1) + (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p));
            sum += Math.Exp(log);
        }

        return Math.Min(1, sum);
    }

    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> coefficients =
        [
            76.18009172947146, -86.50532032941677, 24.01409824083091,
            -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5,
        ];
        var y = x;
        var tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.Log(tmp);
        var series = 1.000000000190015;
        foreach (var c in coefficients)
        {
            series += c / ++y;
        }

        return -tmp + Math.Log(2.5066282746310005 * series / x);
    }
}
