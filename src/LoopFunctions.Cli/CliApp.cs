namespace LoopFunctions.Cli;

/// <summary>Dispatches <c>loopfn &lt;command&gt;</c> and turns errors into exit codes and clear messages.</summary>
internal static class CliApp
{
    public const string Usage = """
        usage: loopfn <command> [options]

          run <loop> [--repo PATH] [--input JSON] [--store PATH] [--instance ID] [--json]
                                 run a loop on the embedded store with live progress
          demo                   create a sample repository and run a loop on it to a verified result
          validate [FOLDER]      check every loop file in FOLDER (default ./loops)
          costs [--store PATH] [--json]
                                 cost versus outcome per loop
          replay-check [--store PATH] [--instance ID]
                                 replay recorded histories against this build's code

        exit codes: 0 verified / success, 1 error, 2 usage, 3 loop ended unverified
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        try
        {
            var rest = args.Skip(1);
            return args[0] switch
            {
                "run" => await Commands.RunCommand.RunAsync(CommandLine.Parse(rest, "json"), output, error),
                "demo" => await Commands.DemoCommand.RunAsync(CommandLine.Parse(rest, "json"), output, error),
                "validate" => await Commands.ValidateCommand.RunAsync(CommandLine.Parse(rest), output, error),
                "costs" => await Commands.CostsCommand.RunAsync(CommandLine.Parse(rest, "json"), output, error),
                "replay-check" => await Commands.ReplayCheckCommand.RunAsync(CommandLine.Parse(rest), output, error),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
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
        catch (Exception ex) when (ex is Durable.DurableTaskException or Loops.Errors.LoopFunctionsException or IOException)
        {
            error.WriteLine($"loopfn: {ex.Message}");
            return ExitCodes.Error;
        }
    }
}
