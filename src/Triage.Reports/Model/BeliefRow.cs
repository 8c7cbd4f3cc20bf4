namespace Triage.Reports.Model;

/// <summary>One hypothesis in the belief table.</summary>
/// <param name="Id">Hypothesis id.</param>
/// <param name="Rank">Evidence rank (0 when the latest analysis no longer produced it).</param>
/// <param name="Title">Its title.</param>
/// <param name="Score">Its evidence score.</param>
/// <param name="Up">Current up-votes.</param>
/// <param name="Down">Current down-votes.</param>
/// <param name="PeakNet">The highest net vote it ever had.</param>
/// <param name="Status">Confirmed, rejected or open.</param>
public sealed record BeliefRow(string Id, int Rank, string Title, double Score, int Up, int Down, int PeakNet, ReviewStatus Status)
{
    /// <summary>Up minus down.</summary>
    public int Net => Up - Down;
}
