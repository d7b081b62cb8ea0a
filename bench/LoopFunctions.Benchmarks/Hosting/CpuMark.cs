namespace LoopFunctions.Benchmarks.Hosting;

/// <summary>CPU time (user + system) consumed so far. In-process runs put everything under <see cref="Workers"/>.</summary>
/// <param name="Workers">The worker process(es); on SQLite the benchmark process itself.</param>
/// <param name="Client">The benchmark process when it is only the client (Azure Storage); zero otherwise.</param>
/// <param name="Storage">Azurite, when this program started it; zero otherwise.</param>
internal readonly record struct CpuMark(TimeSpan Workers, TimeSpan Client, TimeSpan Storage);
