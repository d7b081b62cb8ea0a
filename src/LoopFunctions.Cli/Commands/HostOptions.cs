using System.CommandLine;
using LoopFunctions.Cli.Remote;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>--host URL</c> and <c>--key KEY</c>: the running host (<c>loopfn serve</c>, or a Functions app) a
/// command talks to.</summary>
internal sealed class HostOptions
{
    public Option<string?> Host { get; } = CliOptions.Text("--host", "URL", $"The running host (default: LOOPFN_HOST, else {HostClient.DefaultAddress})");

    public Option<string?> Key { get; } = CliOptions.Text("--key", "KEY", "The host's function key (default: LOOPFN_KEY)");

    public void AddTo(Command command)
    {
        command.Options.Add(Host);
        command.Options.Add(Key);
    }

    /// <exception cref="UsageException">The host address is not an http(s) URL.</exception>
    public HostClient Client(ParseResult parse) => HostClient.From(parse.GetValue(Host), parse.GetValue(Key));
}
