namespace LoopFunctions.Durable;

/// <summary>
/// A failure persisted as data: what went wrong in an activity, sub-orchestration or orchestration. Errors cross
/// process and replay boundaries as this record, never as live exceptions.
/// </summary>
/// <param name="ErrorType">The full type name of the original exception, or an engine error code such as
/// <c>PoisonMessage</c>, <c>ActivityNotFound</c> or <c>NonDeterminism</c>.</param>
/// <param name="ErrorMessage">A message that a person can act on.</param>
/// <param name="StackTrace">The stack trace where there was one.</param>
/// <param name="InnerFailure">The inner exception's details, if any.</param>
/// <param name="IsNonRetriable">True when retrying cannot help (bad input, nondeterminism); retry policies skip it.</param>
public sealed record FailureDetails(
    string ErrorType,
    string ErrorMessage,
    string? StackTrace = null,
    FailureDetails? InnerFailure = null,
    bool IsNonRetriable = false)
{
    /// <summary>Captures an exception, including its inner exception chain.</summary>
    public static FailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TaskFailedException taskFailed)
        {
            // Keep the remote failure visible instead of wrapping it in a local type name that says little.
            return new FailureDetails(
                exception.GetType().FullName!,
                exception.Message,
                exception.StackTrace,
                taskFailed.FailureDetails,
                false);
        }

        return new FailureDetails(
            exception.GetType().FullName!,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is null ? null : FromException(exception.InnerException),
            exception is NonDeterministicOrchestrationException or PayloadTooLargeException);
    }

    /// <summary>True when this failure, or any inner failure, was caused by an exception of type <typeparamref name="T"/>.</summary>
    public bool IsCausedBy<T>() where T : Exception
    {
        for (var f = this; f is not null; f = f.InnerFailure)
        {
            if (f.ErrorType == typeof(T).FullName)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
