using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Simulator.Truth;

/// <summary>
/// The ground truth of a simulated run, written beside the run directory as
/// <c>DIR.truth.json</c> (never inside it, so an analyzer cannot read it). JSON schema
/// <c>triage.truth/v1</c>, snake_case names:
/// <code>
/// { "schema": "triage.truth/v1", "run": "torch-sum", "scenarios": ["torch-sum"], "seed": 7,
///   "ranks": 64, "gpus_per_host": 8,
///   "causes": [ { "id": "torch-sum", "scenario": "torch-sum", "category": "software", "summary": "...",
///                 "match": [ [ { "key": "data_shard", "value": "web-0412" } ] ], "first_seen": "..." } ],
///   "symptoms": [ { "path": "node-017/kern.log", "line": 1234, "cause": "torch-sum", "role": "root", "block": 1234 },
///                 { "path": "node-017/kern.log", "line": 1235, "cause": "torch-sum", "role": "root", "block": 1234, "primary": false } ],
///   "noise": [ { "path": "node-020/kern.log", "line": 17, "note": "harmless Xid 13" } ] }
/// </code>
/// Every line the simulator writes as part of an event is labelled with the event's cause and
/// role: the lines a rule is meant to find (primary) and their companions in the same block
/// (traceback frames, the watchdog's info lines, a table's rows: <c>"primary": false</c>). A
/// multi-line block's entries carry <c>"block"</c>, the line its block starts at, so a scorer can
/// count events instead of lines.
/// </summary>
/// <param name="Run">Run name (the run directory's name).</param>
/// <param name="Scenarios">Scenarios combined in the run.</param>
/// <param name="Seed">Random seed.</param>
/// <param name="Ranks">World size.</param>
/// <param name="GpusPerHost">GPUs (ranks) per host.</param>
/// <param name="Causes">The injected causes.</param>
/// <param name="Symptoms">Every line written as a manifestation of a cause (root) or its consequence (collateral).</param>
/// <param name="Noise">Abnormal-looking lines that belong to no cause (harmless Xid 13, one-off errors, ...).</param>
public sealed record GroundTruth(
    string Run,
    IReadOnlyList<string> Scenarios,
    int Seed,
    int Ranks,
    int GpusPerHost,
    IReadOnlyList<TruthCause> Causes,
    IReadOnlyList<TruthSymptom> Symptoms,
    IReadOnlyList<TruthNoise> Noise)
{
    /// <summary>The schema name written in the file.</summary>
    public const string SchemaName = "triage.truth/v1";
}

/// <summary>One injected cause.</summary>
/// <param name="Id">Cause id, unique in the file (e.g. the scenario name).</param>
/// <param name="Scenario">Scenario that injected it.</param>
/// <param name="Category">The cause's category.</param>
/// <param name="Summary">What happened, as a post-mortem would say it.</param>
/// <param name="Match">
/// Which hypotheses name this cause: alternatives, each a set of factors that must all be among a
/// hypothesis's factors. Every alternative names at least one factor; a cause with no concentrating
/// factor is named by its pattern (<see cref="Factor.Spread"/>).
/// </param>
/// <param name="FirstSeen">Time of the cause's first symptom.</param>
public sealed record TruthCause(string Id, string Scenario, SymptomCategory Category, string Summary, IReadOnlyList<IReadOnlyList<Factor>> Match, DateTimeOffset? FirstSeen);

/// <summary>A line (1-based, relative path with '/') written as part of a cause's root or collateral event.</summary>
public sealed record TruthSymptom(string Path, long Line, string Cause, AttributionRole Role)
{
    /// <summary>The first line of the multi-line block this line belongs to (same file), or null for a one-line event.</summary>
    public long? Block { get; init; }

    /// <summary>Whether this is a line a rule is meant to find (false: a companion line of the block).</summary>
    public bool Primary { get; init; } = true;
}

/// <summary>A line written as part of an abnormal-looking event that belongs to no cause.</summary>
public sealed record TruthNoise(string Path, long Line, string Note)
{
    /// <summary>The first line of the multi-line block this line belongs to (same file), or null for a one-line event.</summary>
    public long? Block { get; init; }

    /// <summary>Whether this is the line a rule is meant to find (false: a companion line of the block).</summary>
    public bool Primary { get; init; } = true;
}
