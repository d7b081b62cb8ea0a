using System.CommandLine;
using System.CommandLine.Invocation;

namespace LoopFunctions.Cli;

/// <summary>Parses <c>loopfn &lt;command&gt;</c> with System.CommandLine, runs the command, and turns errors into exit
/// codes and clear messages.</summary>
internal static class CliApp
{
    /// <param name="terminal">Where commands may draw instead of printing plain lines (<see cref="Terminal.CliTerminal.Detect"/>
    /// for this process's own streams); plain lines when null, as for any other writers.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Terminal.CliTerminal? terminal = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        // `loopfn help [command]` as git and dotnet take it.
        if (args is ["help", .. var rest])
        {
            args = [.. rest, "--help"];
        }

        // Values are taken as written: '@name' is an option's value (--by @ana), not a response file to read.
        var parse = new LoopfnCommand(terminal).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Action is ParseErrorAction)
        {
            foreach (var problem in parse.Errors)
            {
                error.WriteLine($"loopfn: {problem.Message}");
            }

            var command = parse.CommandResult.Command;
            error.WriteLine($"run 'loopfn {(command is RootCommand ? "" : command.Name + " ")}--help' for usage");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                // loopfn run and loopfn serve handle Ctrl+C and SIGTERM themselves: they stop their steps and release
                // them, which must not be cut short by a forced exit.
                ProcessTerminationTimeout = null,
            });
        }
        catch (UsageException ex)
        {
            error.WriteLine($"loopfn: {ex.Message}");
            error.WriteLine("run 'loopfn --help' for usage");
            return ExitCodes.Usage;
        }
        catch (Loops.Definitions.LoopDefinitionException ex)
        {
            foreach (var problem in ex.Errors)
            {
                error.WriteLine("error " + problem);
            }

            return ExitCodes.Error;
        }
        catch (Exception ex) when (ex is DurableTask.DurableTaskHostException or DurableTask.Sqlite.SqliteOrchestrationServiceException or Loops.Errors.LoopFunctionsException or IOException or System.Net.Sockets.SocketException)
        {
            error.WriteLine($"loopfn: {ex.Message}");
            return ExitCodes.Error;
        }
    }
}
