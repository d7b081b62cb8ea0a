using LoopFunctions.Functions.Codegen;

return ScheduledFunctionWriter.Run(args, Console.Out, Console.Error);
