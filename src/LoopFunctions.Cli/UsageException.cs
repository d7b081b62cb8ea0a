namespace LoopFunctions.Cli;

/// <summary>The command line is wrong; the CLI prints the message and exits 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
