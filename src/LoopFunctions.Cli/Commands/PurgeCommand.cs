using System.CommandLine;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn purge &lt;id&gt;</c>: deletes an ended run and its history from a host's store.</summary>
internal sealed class PurgeCommand : Command
{
    private readonly Argument<string> _id = CliOptions.InstanceId();
    private readonly HostOptions _host = new();

    public PurgeCommand()
        : base("purge", "Delete an ended run and its history on a host")
    {
        Arguments.Add(_id);
        _host.AddTo(this);
        SetAction(async (parse, _) =>
        {
            var (_, error) = parse.Writers();
            var id = parse.GetValue(_id)!;
            using var host = _host.Client(parse);
            var (_, body, _) = await host.SendAsync(HttpMethod.Delete, host.InstanceUrl(id));
            error.WriteLine($"purged {id} ({body?["instancesDeleted"]} instance)");
            return ExitCodes.Success;
        });
    }
}
