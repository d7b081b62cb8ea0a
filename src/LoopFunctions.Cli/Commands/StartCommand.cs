using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Cli.Remote;
using LoopFunctions.Triggers.Starting;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn start &lt;loop&gt;</c>: starts a loop on a running host; prints the instance id, or with
/// <c>--wait</c> follows the run to its end.</summary>
internal sealed class StartCommand : Command
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly Argument<string> _loop = new("loop") { Description = "The loop's name on the host" };
    private readonly Option<string?> _input = CliOptions.JsonText("--input", "The run's input");
    private readonly Option<string?> _instance = CliOptions.Text("--instance", "ID", "The instance id (default: a new one)");
    private readonly Option<string?> _repo = CliOptions.Text("--repo", "PATH|URL", "The repository to work on instead of the loop's workspace.repository: a local path (made absolute) or a git URL");
    private readonly Option<bool> _wait = CliOptions.Flag("--wait", "Follow the run to its end and exit as loopfn run does");
    private readonly Option<bool> _json = CliOptions.Json("Print the host's answer (with --wait: the ended instance) as JSON");
    private readonly HostOptions _host = new();

    public StartCommand()
        : base("start", "Start a loop on a running host")
    {
        Arguments.Add(_loop);
        Options.Add(_input);
        Options.Add(_instance);
        Options.Add(_repo);
        Options.Add(_wait);
        Options.Add(_json);
        _host.AddTo(this);
        SetAction((parse, _) => StartAsync(parse));
    }

    private async Task<int> StartAsync(ParseResult parse)
    {
        var (output, error) = parse.Writers();
        var json = parse.GetValue(_json);
        // A path is the caller's, so it is made absolute here; a URL goes to the host as written.
        var repo = parse.GetValue(_repo) is { } given
            ? RepositoryOverrides.IsRemote(given) ? given
            : Uri.TryCreate(given, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath
            : Path.GetFullPath(given)
            : null;
        var path = $"api/loops/{Uri.EscapeDataString(parse.GetValue(_loop)!)}{HostClient.Query(("instanceId", parse.GetValue(_instance)), ("repo", repo))}";
        var input = parse.GetValue(_input) is { } text ? JsonNode.Parse(text) : null;
        using var host = _host.Client(parse);
        var (_, body, _) = await host.SendAsync(HttpMethod.Post, path, input);
        var id = body?["id"]?.ToString() ?? throw new HostRequestException("the host answered without an instance id");
        error.WriteLine($"started {id}; status: {body?["statusQueryGetUri"]}");
        if (!parse.GetValue(_wait))
        {
            output.WriteLine(json ? body!.ToJsonString(Indented) : id);
            return ExitCodes.Success;
        }

        return await WaitCommand.WaitAsync(host, id, TimeSpan.FromHours(24), json, output, error);
    }
}
