namespace Triage.Simulator.Model;

/// <summary>Megatron-style layout: tensor parallel fastest, then data parallel, then pipeline stages.</summary>
internal sealed record ParallelLayout(int Tp, int Pp, int Dp)
{
    public int DpOf(int rank) => rank / Tp % Dp;

    public static ParallelLayout For(int ranks, int gpusPerHost)
    {
        var tp = gpusPerHost;
        while (tp > 1 && ranks % tp != 0)
        {
            tp /= 2;
        }

        var rest = ranks / tp;
        var pp = 1;
        foreach (var candidate in new[] { 8, 4, 2 })
        {
            if (rest % candidate == 0 && rest / candidate >= 2)
            {
                pp = candidate;
                break;
            }
        }

        return new ParallelLayout(tp, pp, rest / pp);
    }
}
