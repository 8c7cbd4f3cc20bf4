namespace Triage.Dumps.Crasher;

/// <summary>Throws an unhandled exception from a named reduction method so the dump has something to find.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var shard = args.Length > 0 ? args[0] : "web-0412";
        return ReduceRows(shard);
    }

    private static int ReduceRows(string shard) =>
        throw new InvalidOperationException($"sum over shard {shard} read past the end of the batch");
}
