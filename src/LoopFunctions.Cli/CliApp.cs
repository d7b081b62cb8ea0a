namespace LoopFunctions.Cli;

/// <summary>Dispatches <c>loopfn &lt;command&gt;</c> and turns errors into exit codes and clear messages.</summary>
internal static class CliApp
{
    public const string Usage = """
        usage: loopfn <command> [options]

          run <loop> [--repo PATH] [--input JSON] [--store PATH] [--instance ID] [--json]
                                 run a loop on the embedded store with live progress
          demo                   create a sample repository and run a loop on it to a verified result
          validate [FOLDER|FILE] check every loop file in FOLDER (default ./loops), or one loop file
          costs [--store PATH] [--json]
                                 cost versus outcome per loop
          replay-check [--store PATH] [--instance ID]
                                 replay recorded histories against this build's code
          schedules [FOLDER] [--count N]
                                 next fire times of the scheduled loops
          serve [--urls URL] [--store PATH] [--loops DIR] [--root DIR]
                                 run the host: worker, HTTP API, webhooks, schedules, dashboard
          verify-publish <url> [--key KEY]
                                 check a published folder against its signed provenance.json (key: LOOPFN_PUBLISH_KEY)

        against a running host (--host URL, default http://127.0.0.1:7071 or LOOPFN_HOST; --key KEY or LOOPFN_KEY):
          start <loop> [--input JSON] [--instance ID] [--repo PATH] [--wait] [--json]
          status <id> [--history] [--json]      wait <id> [--timeout 10m] [--json]
          list [--status S] [--loop L] [--top N] [--json]
          approve <id> [--reject] [--comment TEXT] [--by NAME]
          raise <id> <event> [--data JSON]
          terminate|suspend|resume <id> [--reason TEXT]      purge <id>
        approve, raise, terminate, suspend and resume also work on the local store without a host: with --store PATH,
        or without --host when this folder's store (the one loopfn run uses) holds the instance.

        exit codes: 0 verified / success, 1 error, 2 usage, 3 loop ended unverified
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            // Help is never an option's value: `run --help` asks for help, not for a loop named by the next word.
            output.WriteLine(Usage);
            return ExitCodes.Success;
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
                "schedules" => await Commands.SchedulesCommand.RunAsync(CommandLine.Parse(rest), output, error),
                "serve" => await Commands.ServeCommand.RunAsync(CommandLine.Parse(rest), output, error),
                "verify-publish" => await Commands.VerifyPublishCommand.RunAsync(CommandLine.Parse(rest), output, error),
                var remote when Commands.RemoteCommands.Names.Contains(remote) =>
                    await Commands.RemoteCommands.RunAsync(remote, CommandLine.Parse(rest, "json", "wait", "history", "reject"), output, error),
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
        catch (Exception ex) when (ex is DurableTask.DurableTaskHostException or DurableTask.Sqlite.SqliteOrchestrationServiceException or Loops.Errors.LoopFunctionsException or IOException or System.Net.Sockets.SocketException)
        {
            error.WriteLine($"loopfn: {ex.Message}");
            return ExitCodes.Error;
        }
    }
}
