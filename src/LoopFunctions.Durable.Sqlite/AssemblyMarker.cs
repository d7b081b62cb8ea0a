namespace LoopFunctions.Durable.Sqlite;

internal static class AssemblyMarker
{
}
