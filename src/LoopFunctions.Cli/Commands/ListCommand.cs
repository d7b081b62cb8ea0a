using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Cli.Remote;
using LoopFunctions.Cli.Terminal;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn list</c>: the newest runs on a host, newest first, one line each (a table on a terminal, or a
/// JSON array).</summary>
internal sealed class ListCommand : Command
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly Option<string?> _status = CliOptions.Text("--status", "STATUS", "Only runs with this runtime status (Running, Completed, Failed, Terminated, ...)");
    private readonly Option<string?> _loop = CliOptions.Text("--loop", "LOOP", "Only runs of this loop");
    private readonly Option<int> _top = CliOptions.PositiveCount("--top", 50, "How many runs");
    private readonly Option<bool> _json = CliOptions.Json("Print the runs as a JSON array");
    private readonly HostOptions _host = new();

    public ListCommand(CliTerminal terminal)
        : base("list", "The newest runs on a host, newest first")
    {
        Options.Add(_status);
        Options.Add(_loop);
        Options.Add(_top);
        Options.Add(_json);
        _host.AddTo(this);
        SetAction(async (parse, _) =>
        {
            var (output, _) = parse.Writers();
            using var host = _host.Client(parse);
            var rows = await NewestAsync(host, parse.GetValue(_status), parse.GetValue(_loop), parse.GetValue(_top));
            if (parse.GetValue(_json))
            {
                output.WriteLine(new JsonArray([.. rows.Select(r => r.DeepClone())]).ToJsonString(Indented));
                return ExitCodes.Success;
            }

            if (terminal.Output is { } console)
            {
                console.Write(CliTables.Runs(rows.Select(RunListRow.From)));
                return ExitCodes.Success;
            }

            foreach (var row in rows)
            {
                output.WriteLine(InstanceText.Describe(row));
            }

            return ExitCodes.Success;
        });
    }

    /// <summary>The newest <paramref name="top"/> instances, newest first. The host pages in its store's order (oldest
    /// first), so every page is read: the newest runs are the ones asked about.</summary>
    private static async Task<List<JsonObject>> NewestAsync(HostClient host, string? status, string? loop, int top)
    {
        var rows = new List<JsonObject>();
        string? continuation = null;
        do
        {
            // The host filters on the loop (a run's status input is its caller's input, which does not name the loop).
            var path = HostClient.ManagementBase + HostClient.Query(("runtimeStatus", status), ("top", "1000"), ("loop", loop), ("showInput", "true"));
            var (_, body, response) = await host.SendAsync(HttpMethod.Get, path, continuation: continuation);
            rows.AddRange((body as JsonArray ?? []).OfType<JsonObject>());
            continuation = response.Headers.TryGetValues(HostClient.ContinuationHeader, out var next) ? next.FirstOrDefault() : null;
        }
        while (!string.IsNullOrEmpty(continuation));

        // createdTime has whole seconds; within one second the store's own order (creation) decides.
        return [.. rows
            .Select((row, index) => (row, index))
            .OrderByDescending(r => r.row["createdTime"]?.ToString(), StringComparer.Ordinal)
            .ThenByDescending(r => r.index)
            .Select(r => r.row)
            .Take(top)];
    }
}
