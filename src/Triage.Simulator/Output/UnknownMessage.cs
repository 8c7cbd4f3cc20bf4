using System.Globalization;
using Triage.Simulator.Randomness;

namespace Triage.Simulator.Output;

/// <summary>
/// The <c>unknown-msg</c> scenario's message: a checkpoint-store client error that no extraction
/// rule knows, with a different chunk, latency and server address on every rank. The collector's
/// template miner masks those to one template, <see cref="Template"/>, whose id is <see cref="TemplateId"/>.
/// </summary>
internal static class UnknownMessage
{
    /// <summary>The template every rank's line is mined to (the Python logging stamp is part of the message).</summary>
    public const string Template = "[<*> <*>] ckptfs.client: [ERROR] ckptfs: lease renewal failed for chunk <*> after <*> <*> (server <*>, gen <*>), serving stale pages";

    /// <summary>Stable id of <see cref="Template"/>, as the miner reports it (the symptoms' signature).</summary>
    public static string TemplateId { get; } = Triage.Symptoms.TemplateIds.Of(Template);

    /// <summary>Most ranks print it (about 3 in 4), chosen by the run's key.</summary>
    public static bool Affects(ulong key, int rank) => Rng.Hash(key, 77, (ulong)rank) % 4 != 0;

    public static string Text(Rng rng) => string.Create(
        CultureInfo.InvariantCulture,
        $"ckptfs: lease renewal failed for chunk 0x{rng.Next(1 << 24):x6} after {rng.Between(900, 9000)} ms (server 10.{rng.Next(256)}.{rng.Next(256)}.{rng.Between(1, 254)}:7480, gen {rng.Between(1, 90)}), serving stale pages");
}
