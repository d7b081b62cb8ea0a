using System.CommandLine;
using LoopFunctions.Cli.Remote;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn terminate|suspend|resume &lt;id&gt;</c>: one operation on a run, with an optional reason, on the
/// local store or a host.</summary>
internal sealed class InstanceOperationCommand : Command
{
    private readonly Argument<string> _id = CliOptions.InstanceId();
    private readonly Option<string?> _reason = CliOptions.Text("--reason", "TEXT", "Why; recorded in the run's history");
    private readonly InstanceTarget _target = new();
    private readonly Func<DurableTaskClient, string, string?, Task> _operation;

    private InstanceOperationCommand(string name, string description, Func<DurableTaskClient, string, string?, Task> operation)
        : base(name, description)
    {
        _operation = operation;
        Arguments.Add(_id);
        Options.Add(_reason);
        _target.AddTo(this);
        SetAction((parse, _) => SendAsync(parse));
    }

    public static InstanceOperationCommand Terminate() =>
        new("terminate", "End a run now; its running step's processes are killed", (client, id, reason) => client.TerminateInstanceAsync(id, reason));

    public static InstanceOperationCommand Suspend() =>
        new("suspend", "Suspend a run until it is resumed", (client, id, reason) => client.SuspendInstanceAsync(id, reason));

    public static InstanceOperationCommand Resume() =>
        new("resume", "Resume a suspended run", (client, id, reason) => client.ResumeInstanceAsync(id, reason));

    private async Task<int> SendAsync(ParseResult parse)
    {
        var (_, error) = parse.Writers();
        var id = parse.GetValue(_id)!;
        var reason = parse.GetValue(_reason);
        var done = $"{Name} sent to {id}";
        if (await _target.StoreForAsync(parse, id) is { } store)
        {
            return await InstanceTarget.SendLocalAsync(store, id, Name, client => _operation(client, id, reason), done, error);
        }

        using var host = _target.Host.Client(parse);
        await host.SendAsync(HttpMethod.Post, host.InstanceUrl(id, Name) + HostClient.Query(("reason", reason)));
        error.WriteLine(done);
        return ExitCodes.Success;
    }
}
