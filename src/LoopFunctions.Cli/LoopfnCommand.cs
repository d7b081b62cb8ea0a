using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using LoopFunctions.Cli.Commands;
using LoopFunctions.Cli.Terminal;

namespace LoopFunctions.Cli;

/// <summary>The whole command line of <c>loopfn</c>: its commands, and the help and usage they print. With no
/// command it prints the help and exits 2.</summary>
internal sealed class LoopfnCommand : RootCommand
{
    /// <summary>Printed after every help text.</summary>
    public const string ExitCodesText = "Exit codes: 0 verified / success, 1 error, 2 usage, 3 loop ended unverified";

    /// <summary>Printed after the help of <c>loopfn</c> itself: what the commands share.</summary>
    public const string RootEpilog = """
        start, status, wait, list, approve, raise, terminate, suspend, resume, rewind and purge talk to a running host
        (--host URL, default LOOPFN_HOST, else http://127.0.0.1:7071; --key KEY, default LOOPFN_KEY).
        approve, raise, terminate, suspend, resume and rewind also work on the local store without a host: with --store PATH,
        or without --host when this folder's store (the one loopfn run uses) holds the instance.
        'loopfn <command> --help' shows a command's arguments and options.
        """;

    /// <param name="terminal">Where commands may draw (a live view, tables); plain lines everywhere when null.</param>
    public LoopfnCommand(CliTerminal? terminal = null)
        : base("LoopFunctions: durable loops of coding agents, run here or on a host")
    {
        // The name help prints, also when the CLI runs inside another process (a test host).
        HelpName = "loopfn";
        terminal ??= CliTerminal.Plain;
        Subcommands.Add(new RunCommand(terminal));
        Subcommands.Add(new DemoCommand(terminal));
        Subcommands.Add(new ValidateCommand());
        Subcommands.Add(new CostsCommand(terminal));
        Subcommands.Add(new BudgetsCommand(terminal));
        Subcommands.Add(new ReplayCheckCommand());
        Subcommands.Add(new SchedulesCommand());
        Subcommands.Add(new ServeCommand());
        Subcommands.Add(new VerifyPublishCommand());
        Subcommands.Add(new StartCommand());
        Subcommands.Add(new StatusCommand());
        Subcommands.Add(new WaitCommand());
        Subcommands.Add(new ListCommand(terminal));
        Subcommands.Add(new ApproveCommand());
        Subcommands.Add(new RaiseCommand());
        Subcommands.Add(InstanceOperationCommand.Terminate());
        Subcommands.Add(InstanceOperationCommand.Suspend());
        Subcommands.Add(InstanceOperationCommand.Resume());
        Subcommands.Add(new RewindCommand(terminal));
        Subcommands.Add(new PurgeCommand());
        Subcommands.Add(new LogsCommand());

        foreach (var command in Subcommands)
        {
            command.Validators.Add(RejectUnknownOptions);
        }

        var help = Options.OfType<HelpOption>().Single();
        var withEpilog = new EpilogHelpAction((HelpAction)help.Action!);
        help.Action = withEpilog;
        SetAction(parse =>
        {
            withEpilog.Invoke(parse);
            return ExitCodes.Usage;
        });
    }

    /// <summary>System.CommandLine takes a word it does not know as an argument, so a mistyped option
    /// (<c>validate --strict</c>) would become a folder's name; loopfn's arguments never start with <c>--</c>.</summary>
    private static void RejectUnknownOptions(CommandResult result)
    {
        foreach (var argument in result.Command.Arguments)
        {
            if (result.GetResult(argument)?.Tokens.FirstOrDefault(t => t.Value.StartsWith("--", StringComparison.Ordinal)) is { } word)
            {
                // The library's own words for a word it does not know, so both cases read alike.
                result.AddError($"Unrecognized command or argument '{word.Value}'.");
            }
        }
    }
}
