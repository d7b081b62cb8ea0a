using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace LoopFunctions.Cli;

/// <summary>System.CommandLine's help, followed by what its layout has no place for: the exit codes, and for
/// <c>loopfn</c> itself how the commands reach a host or the local store.</summary>
internal sealed class EpilogHelpAction(HelpAction help) : SynchronousCommandLineAction
{
    // Help is asked for, so whatever else is wrong on the line is not reported.
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        help.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        if (parseResult.CommandResult.Command is RootCommand)
        {
            output.WriteLine(LoopfnCommand.RootEpilog);
        }

        output.WriteLine(LoopfnCommand.ExitCodesText);
        return ExitCodes.Success;
    }
}
