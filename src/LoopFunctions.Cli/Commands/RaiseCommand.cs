using System.CommandLine;
using System.Text.Json.Nodes;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn raise &lt;id&gt; &lt;event&gt;</c>: raises an external event on a run, on the local store or a
/// host.</summary>
internal sealed class RaiseCommand : Command
{
    private readonly Argument<string> _id = CliOptions.InstanceId();
    private readonly Argument<string> _event = new("event") { Description = "The event's name" };
    private readonly Option<string?> _data = CliOptions.JsonText("--data", "The event's data (default: null)");
    private readonly InstanceTarget _target = new();

    public RaiseCommand()
        : base("raise", "Raise an external event on a run")
    {
        Arguments.Add(_id);
        Arguments.Add(_event);
        Options.Add(_data);
        _target.AddTo(this);
        SetAction((parse, _) => RaiseAsync(parse));
    }

    private async Task<int> RaiseAsync(ParseResult parse)
    {
        var (_, error) = parse.Writers();
        var id = parse.GetValue(_id)!;
        var name = parse.GetValue(_event)!;
        var data = parse.GetValue(_data) is { } text ? JsonNode.Parse(text) : null;
        var done = $"raised {name} on {id}";
        if (await _target.StoreForAsync(parse, id) is { } store)
        {
            return await InstanceTarget.SendLocalAsync(store, id, Name, client => client.RaiseEventAsync(id, name, data), done, error);
        }

        using var host = _target.Host.Client(parse);
        // The host wants a JSON body on raiseEvent, as Durable Functions does: an event without data sends null.
        await host.SendAsync(HttpMethod.Post, host.InstanceUrl(id, "raiseEvent/" + Uri.EscapeDataString(name)), data, sendNull: true);
        error.WriteLine(done);
        return ExitCodes.Success;
    }
}
