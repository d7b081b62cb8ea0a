using LoopFunctions.Cli;
using LoopFunctions.Cli.Terminal;

return await CliApp.RunAsync(args, Console.Out, Console.Error, CliTerminal.Detect());
