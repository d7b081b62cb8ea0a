using System.CommandLine;
using System.Text.Json.Nodes;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn approve &lt;id&gt;</c>: answers a run waiting for an approval, on the local store or a host.</summary>
internal sealed class ApproveCommand : Command
{
    private readonly Argument<string> _id = CliOptions.InstanceId();
    private readonly Option<bool> _reject = CliOptions.Flag("--reject", "Reject instead of approve");
    private readonly Option<string?> _comment = CliOptions.Text("--comment", "TEXT", "A comment recorded with the decision");
    private readonly Option<string?> _by = CliOptions.Text("--by", "NAME", "Who decides (default: this user's name)");
    private readonly InstanceTarget _target = new();

    public ApproveCommand()
        : base("approve", "Approve (or --reject) a run waiting for an approval")
    {
        Arguments.Add(_id);
        Options.Add(_reject);
        Options.Add(_comment);
        Options.Add(_by);
        _target.AddTo(this);
        SetAction((parse, _) => ApproveAsync(parse));
    }

    private async Task<int> ApproveAsync(ParseResult parse)
    {
        var (_, error) = parse.Writers();
        var id = parse.GetValue(_id)!;
        var decision = new ApprovalDecision(!parse.GetValue(_reject), parse.GetValue(_comment), parse.GetValue(_by) ?? Environment.UserName);
        var done = $"{(decision.Approved ? "approved" : "rejected")} {id}";
        if (await _target.StoreForAsync(parse, id) is { } store)
        {
            return await InstanceTarget.SendLocalAsync(store, id, Name, client => client.RaiseEventAsync(id, LoopActivityNames.ApprovalEvent, decision), done, error);
        }

        using var host = _target.Host.Client(parse);
        var body = new JsonObject { ["approved"] = decision.Approved, ["comment"] = decision.Comment, ["by"] = decision.By };
        await host.SendAsync(HttpMethod.Post, host.InstanceUrl(id, "raiseEvent/approval"), body);
        error.WriteLine(done);
        return ExitCodes.Success;
    }
}
