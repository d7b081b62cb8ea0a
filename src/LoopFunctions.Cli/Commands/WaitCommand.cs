using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using LoopFunctions.Cli.Remote;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn wait &lt;id&gt;</c>: follows a run on a host until it ends; exits as <c>loopfn run</c> does.</summary>
internal sealed class WaitCommand : Command
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(24);

    private readonly Argument<string> _id = CliOptions.InstanceId();
    private readonly Option<TimeSpan?> _timeout = CliOptions.Duration("--timeout", "How long to wait, such as 90s or 10m (default: 24h)");
    private readonly Option<bool> _json = CliOptions.Json("Print the ended instance as JSON");
    private readonly HostOptions _host = new();

    public WaitCommand()
        : base("wait", "Wait for a run on a host to end, printing each change of its status")
    {
        Arguments.Add(_id);
        Options.Add(_timeout);
        Options.Add(_json);
        _host.AddTo(this);
        SetAction(async (parse, _) =>
        {
            var (output, error) = parse.Writers();
            using var host = _host.Client(parse);
            return await WaitAsync(host, parse.GetValue(_id)!, parse.GetValue(_timeout) ?? DefaultTimeout, parse.GetValue(_json), output, error);
        });
    }

    /// <summary>Polls the instance until it ends or <paramref name="timeout"/> passes: exit 0 verified (or ended
    /// without a loop outcome), 3 unverified, 1 failed, terminated or timed out.</summary>
    public static async Task<int> WaitAsync(HostClient host, string id, TimeSpan timeout, bool json, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        using var deadline = new CancellationTokenSource(timeout);
        string? lastLine = null;
        while (true)
        {
            var (status, body, _) = await host.SendAsync(HttpMethod.Get, host.InstanceUrl(id), ct: CancellationToken.None, allowed: []);
            var described = InstanceText.Describe(body!);
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
}
