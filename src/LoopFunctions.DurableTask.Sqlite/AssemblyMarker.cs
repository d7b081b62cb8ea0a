namespace LoopFunctions.DurableTask.Sqlite;

internal static class AssemblyMarker;
