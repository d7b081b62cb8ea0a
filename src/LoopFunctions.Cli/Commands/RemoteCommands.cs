using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Cli.Remote;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn start|status|wait|list|approve|raise|terminate|suspend|resume|purge</c> against a running host
/// (<c>--host URL --key KEY</c>, or <c>LOOPFN_HOST</c> / <c>LOOPFN_KEY</c>).</summary>
internal static class RemoteCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static readonly string[] Names = ["start", "status", "wait", "list", "approve", "raise", "terminate", "suspend", "resume", "purge"];

    public static async Task<int> RunAsync(string command, CommandLine line, TextWriter output, TextWriter error)
    {
        if (LocalInstanceCommands.Names.Contains(command) && await LocalInstanceCommands.StoreForAsync(line, command) is { } store)
        {
            return await LocalInstanceCommands.RunAsync(command, store, line, error);
        }

        using var host = HostClient.From(line);
        switch (command)
        {
            case "start":
            {
                var loop = One(line, "start needs the loop name");
                var path = $"api/loops/{Uri.EscapeDataString(loop)}{Query(("instanceId", line.Option("instance")), ("repo", line.Option("repo") is { } repo ? Path.GetFullPath(repo) : null))}";
                var input = Json(line.Option("input"), "--input");
                var wait = line.Flag("wait");
                var json = line.Flag("json");
                line.EnsureAllRead();
                var (_, body, _) = await host.SendAsync(HttpMethod.Post, path, input);
                var id = body?["id"]?.ToString() ?? throw new HostRequestException("the host answered without an instance id");
                error.WriteLine($"started {id}; status: {body?["statusQueryGetUri"]}");
                if (!wait)
                {
                    output.WriteLine(json ? body!.ToJsonString(Indented) : id);
                    return ExitCodes.Success;
                }

                return await WaitAsync(host, id, TimeSpan.FromHours(24), json, output, error);
            }

            case "status":
            {
                var id = One(line, "status needs an instance id");
                var history = line.Flag("history");
                var json = line.Flag("json");
                line.EnsureAllRead();
                var (_, body, _) = await host.SendAsync(HttpMethod.Get, host.InstanceUrl(id) + (history ? "?showHistory=true" : ""), allowed: []);
                output.WriteLine(json ? body!.ToJsonString(Indented) : Describe(body!));
                if (history && !json)
                {
                    foreach (var line2 in HistoryLines(body!))
                    {
                        output.WriteLine(line2);
                    }
                }
                return ExitCodes.Success;
            }

            case "wait":
            {
                var id = One(line, "wait needs an instance id");
                var timeout = line.Option("timeout") is { } t ? Loops.Definitions.DurationParser.TryParse(t, out var d) ? d : throw new UsageException($"--timeout '{t}' is not a duration such as 30s or 10m") : TimeSpan.FromHours(24);
                var json = line.Flag("json");
                line.EnsureAllRead();
                return await WaitAsync(host, id, timeout, json, output, error);
            }

            case "list":
            {
                var status = line.Option("status");
                var loop = line.Option("loop");
                var top = line.IntOption("top", 50);
                var json = line.Flag("json");
                line.EnsureAllRead();
                var rows = await NewestAsync(host, status, loop, top);
                if (json)
                {
                    output.WriteLine(new JsonArray([.. rows.Select(r => r.DeepClone())]).ToJsonString(Indented));
                }
                else
                {
                    foreach (var row in rows)
                    {
                        output.WriteLine(Describe(row));
                    }
                }

                return ExitCodes.Success;
            }

            case "approve":
            {
                var id = One(line, "approve needs an instance id");
                var decision = new JsonObject { ["approved"] = !line.Flag("reject"), ["comment"] = line.Option("comment"), ["by"] = line.Option("by") ?? Environment.UserName };
                line.EnsureAllRead();
                await host.SendAsync(HttpMethod.Post, host.InstanceUrl(id, "raiseEvent/approval"), decision);
                error.WriteLine($"{((bool)decision["approved"]! ? "approved" : "rejected")} {id}");
                return ExitCodes.Success;
            }

            case "raise":
            {
                if (line.Positional.Count != 2)
                {
                    throw new UsageException("raise needs an instance id and an event name");
                }

                var data = Json(line.Option("data"), "--data");
                line.EnsureAllRead();
                await host.SendAsync(HttpMethod.Post, host.InstanceUrl(line.Positional[0], "raiseEvent/" + Uri.EscapeDataString(line.Positional[1])), data, sendNull: true);
                error.WriteLine($"raised {line.Positional[1]} on {line.Positional[0]}");
                return ExitCodes.Success;
            }

            case "terminate" or "suspend" or "resume":
            {
                var id = One(line, $"{command} needs an instance id");
                var reason = line.Option("reason");
                line.EnsureAllRead();
                await host.SendAsync(HttpMethod.Post, host.InstanceUrl(id, command) + Query(("reason", reason)));
                error.WriteLine($"{command} sent to {id}");
                return ExitCodes.Success;
            }

            case "purge":
            {
                var id = One(line, "purge needs an instance id");
                line.EnsureAllRead();
                var (_, body, _) = await host.SendAsync(HttpMethod.Delete, host.InstanceUrl(id));
                error.WriteLine($"purged {id} ({body?["instancesDeleted"]} instance)");
                return ExitCodes.Success;
            }

            default:
                throw new UsageException($"unknown command '{command}'");
        }
    }

    private static async Task<int> WaitAsync(HostClient host, string id, TimeSpan timeout, bool json, TextWriter output, TextWriter error)
    {
        using var deadline = new CancellationTokenSource(timeout);
        string? lastLine = null;
        while (true)
        {
            var (status, body, _) = await host.SendAsync(HttpMethod.Get, host.InstanceUrl(id), ct: CancellationToken.None, allowed: []);
            var described = Describe(body!);
            if (described != lastLine)
            {
                error.WriteLine(described);
                lastLine = described;
            }

            if (status != HttpStatusCode.Accepted)
            {
                if (json)
                {
                    output.WriteLine(body!.ToJsonString());
                }

                var outcome = (body?["output"] as JsonObject)?["outcome"]?.ToString();
                return body?["runtimeStatus"]?.ToString() != "Completed" ? ExitCodes.Error
                    : outcome is null or "Verified" ? ExitCodes.Success
                    : outcome == "Failed" ? ExitCodes.Error
                    : ExitCodes.Unverified;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                error.WriteLine($"loopfn: {id} did not finish within {timeout:g}");
                return ExitCodes.Error;
            }
        }
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
            var path = HostClient.ManagementBase + Query(("runtimeStatus", status), ("top", "1000"), ("loop", loop), ("showInput", "true"));
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

    /// <summary>The history as lines: time, event type, name, and a failure's message.</summary>
    private static IEnumerable<string> HistoryLines(JsonNode instance)
    {
        foreach (var e in (instance["historyEvents"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var parts = new List<string> { $"  {e["Timestamp"]}", $"{e["EventType"]}" };
            if ((e["FunctionName"] ?? e["Name"]) is { } name)
            {
                parts.Add(name.ToString());
            }

            if (e["Reason"] is { } reason)
            {
                parts.Add(reason.ToString());
            }

            if (e["FailureDetails"] is JsonObject failure)
            {
                parts.Add($"{failure["ErrorType"]}: {failure["ErrorMessage"]}");
            }

            yield return string.Join(" ", parts);
        }
    }

    /// <summary>One line: id, status, loop phase and spend, and the outcome when it ended.</summary>
    private static string Describe(JsonNode instance)
    {
        var s = instance["customStatus"];
        var parts = new List<string> { $"{instance["instanceId"]}", $"{instance["runtimeStatus"]}" };
        if (s is JsonObject)
        {
            parts.Add($"loop {s["loop"]}, iteration {s["iteration"]}, {s["phase"]}");
            if (s["spent"] is JsonObject spent)
            {
                parts.Add($"{(long?)spent["inputTokens"] + (long?)spent["outputTokens"]} tokens, ${(decimal?)spent["costUsd"]:0.0000}");
            }
        }

        // A loop's output is its result object; a terminated run's is the reason it was given (a string), or null.
        switch (instance["output"])
        {
            case JsonObject { } result when result["outcome"] is { } outcome:
                parts.Add($"{outcome}: {result["reason"]}");
                break;
            case JsonValue reason when reason.GetValueKind() == JsonValueKind.String:
                parts.Add($"reason: {reason}");
                break;
        }

        return string.Join(" | ", parts);
    }

    private static string One(CommandLine line, string message) =>
        line.Positional.Count == 1 ? line.Positional[0] : throw new UsageException(message);

    private static JsonNode? Json(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{option} is not valid JSON: {ex.Message}");
        }
    }

    private static string Query(params (string Name, string? Value)[] pairs)
    {
        var present = pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }
}
