using System.CommandLine;
using LoopFunctions.Cli.Transcripts;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn logs &lt;id&gt; [--iteration N] [-f]</c>: the agent transcripts of a run on the embedded store
/// (the tool calls, messages and output of each agent step, secrets masked), printed or followed while the run goes
/// on.</summary>
internal sealed class LogsCommand : Command
{
    private readonly Argument<string> _id = CliOptions.InstanceId();
    private readonly Option<int?> _iteration = new("--iteration") { Description = "Only this iteration's transcript", HelpName = "N" };
    private readonly Option<bool> _follow = new("--follow", "-f") { Description = "Keep printing new entries until the run ends" };
    private readonly Option<string?> _store = CliOptions.Store("The embedded store the run is in (default: the one host.json names, else .loopfunctions/store.db); loopfn serve on this machine writes there too");

    public LogsCommand()
        : base("logs", "Print (or follow, with -f) the agent transcripts of a run")
    {
        Arguments.Add(_id);
        Options.Add(_iteration);
        Options.Add(_follow);
        Options.Add(_store);
        _iteration.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--iteration counts from 1");
            }
        });
        SetAction(async (parse, ct) =>
        {
            var (output, error) = parse.Writers();
            var id = parse.GetValue(_id)!;
            var iteration = parse.GetValue(_iteration);
            await using var engine = await LocalEngine.OpenAsync(parse.GetValue(_store), startWorker: false);
            if (await engine.Client.GetInstanceAsync(id, ct) is null)
            {
                error.WriteLine($"loopfn: no instance with id '{id}' in the store {engine.StorePath}");
                return ExitCodes.Error;
            }

            var printer = new TranscriptPrinter(
                TranscriptPrinter.ForStore(engine.StorePath),
                async c => await engine.Client.GetInstanceAsync(id, c) is { IsCompleted: false });
            if (await printer.PrintAsync(id, iteration, parse.GetValue(_follow), output, ct) == 0)
            {
                error.WriteLine(iteration is null ? $"{id}: no agent transcript yet" : $"{id}: no agent transcript for iteration {iteration}");
            }

            return ExitCodes.Success;
        });
    }
}
