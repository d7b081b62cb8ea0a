using System.CommandLine;
using System.Text.Json;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn status &lt;id&gt;</c>: one run on a host, in a line (or JSON), with its history on request.</summary>
internal sealed class StatusCommand : Command
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly Argument<string> _id = CliOptions.InstanceId();
    private readonly Option<bool> _history = CliOptions.Flag("--history", "Print the run's history events too");
    private readonly Option<bool> _json = CliOptions.Json("Print the instance as the host returns it");
    private readonly HostOptions _host = new();

    public StatusCommand()
        : base("status", "The status of a run on a host")
    {
        Arguments.Add(_id);
        Options.Add(_history);
        Options.Add(_json);
        _host.AddTo(this);
        SetAction(async (parse, _) =>
        {
            var (output, _) = parse.Writers();
            var history = parse.GetValue(_history);
            var json = parse.GetValue(_json);
            using var host = _host.Client(parse);
            var (_, body, _) = await host.SendAsync(HttpMethod.Get, host.InstanceUrl(parse.GetValue(_id)!) + (history ? "?showHistory=true" : ""), allowed: []);
            output.WriteLine(json ? body!.ToJsonString(Indented) : InstanceText.Describe(body!));
            if (history && !json)
            {
                foreach (var line in InstanceText.HistoryLines(body!))
                {
                    output.WriteLine(line);
                }
            }

            return ExitCodes.Success;
        });
    }
}
