using System.Globalization;
using System.Text.Json;

namespace Triage.Dumps;

/// <summary>Writes a <see cref="DumpReport"/> as the <c>triage.dump/v1</c> JSON object (addresses as 0x-hex strings).</summary>
public static class DumpJson
{
    /// <summary>Schema name written in every object.</summary>
    public const string Schema = "triage.dump/v1";

    /// <summary>Writes <paramref name="report"/> to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, DumpReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteStartObject();
        writer.WriteString("schema", Schema);
        writer.WriteString("path", report.Path);
        writer.WriteString("format", report.Format);
        writer.WriteString("machine", report.Machine);
        Number(writer, "pid", report.Pid);
        writer.WriteString("executable", report.Executable);
        writer.WriteString("command_line", report.CommandLine);
        writer.WriteString("host", report.Host);
        Number(writer, "rank", report.Rank);
        Number(writer, "local_rank", report.LocalRank);
        writer.WriteStartObject("environment");
        foreach (var (key, value) in report.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        if (report.Crash is { } c)
        {
            writer.WriteStartObject("crash");
            writer.WriteNumber("signal", c.Signal);
            writer.WriteString("signal_name", c.SignalName);
            Number(writer, "code", c.Code);
            writer.WriteString("code_name", c.CodeName);
            writer.WriteString("fault_address", c.FaultAddress is { } a ? Hex(a) : null);
            writer.WriteNumber("thread", c.ThreadId);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("crash");
        }

        writer.WriteString("signature", report.Signature);
        writer.WriteString("signature_frame", report.SignatureFrame?.ToString());
        writer.WriteStartArray("stack");
        foreach (var f in report.Stack)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", f.Index);
            writer.WriteString("address", Hex(f.Address));
            writer.WriteString("module", f.Module);
            writer.WriteString("function", f.Function);
            writer.WriteString("offset", Hex(f.Offset));
            writer.WriteString("trust", f.Trust);
            writer.WriteString("text", f.ToString());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("thread_count", report.ThreadCount);
        writer.WriteStartArray("threads");
        foreach (var t in report.Threads)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", t.Id);
            writer.WriteNumber("signal", t.Signal);
            writer.WriteStartObject("registers");
            foreach (var (name, value) in t.Registers)
            {
                writer.WriteString(name, Hex(value));
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("modules");
        foreach (var m in report.Modules)
        {
            writer.WriteStartObject();
            writer.WriteString("path", m.Path);
            writer.WriteString("base", Hex(m.Base));
            writer.WriteString("end", Hex(m.End));
            writer.WriteString("build_id", m.BuildId);
            writer.WriteString("version", m.Version);
            writer.WriteString("symbols", m.SymbolFile);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (report.Managed is { } managed)
        {
            writer.WriteStartObject("managed");
            writer.WriteString("runtime", managed.RuntimeVersion);
            writer.WriteString("exception_type", managed.ExceptionType);
            writer.WriteString("exception_message", managed.ExceptionMessage);
            Number(writer, "thread", managed.ThreadId);
            writer.WriteStartArray("stack");
            foreach (var frame in managed.Stack)
            {
                writer.WriteStringValue(frame);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteStartArray("warnings");
        foreach (var w in report.Warnings)
        {
            writer.WriteStringValue(w);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>0x-prefixed lower-case hex.</summary>
    public static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static void Number(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
