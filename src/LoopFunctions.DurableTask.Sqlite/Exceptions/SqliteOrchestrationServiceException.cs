namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>The root of the exceptions this provider throws itself (DTFx's own, such as
/// <see cref="global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException"/>, are thrown where DTFx expects them).</summary>
public class SqliteOrchestrationServiceException : Exception
{
    public SqliteOrchestrationServiceException()
    {
    }

    public SqliteOrchestrationServiceException(string message)
        : base(message)
    {
    }

    public SqliteOrchestrationServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
