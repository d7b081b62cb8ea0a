using LoopFunctions.DurableTask.Configuration;

namespace LoopFunctions.DurableTask;

/// <summary>host.json could not be read, or some of its <c>extensions.durableTask</c> settings are unknown or invalid.
/// <see cref="Problems"/> lists every one by its host.json path and name; the message names the file too.</summary>
public sealed class HostJsonException : DurableTaskHostException
{
    public HostJsonException()
    {
    }

    public HostJsonException(string message)
        : base(message)
    {
    }

    public HostJsonException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public HostJsonException(string source, IReadOnlyList<HostJsonProblem> problems, Exception? innerException = null)
        : base(Describe(source, problems), innerException)
    {
        HostJsonPath = source;
        Problems = problems;
    }

    /// <summary>The host.json file, as given to <see cref="HostJson.Load"/>.</summary>
    public string? HostJsonPath { get; }

    /// <summary>Each unknown or invalid setting.</summary>
    public IReadOnlyList<HostJsonProblem> Problems { get; } = [];

    private static string Describe(string source, IReadOnlyList<HostJsonProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? $"{source}: {problems[0]}"
            : $"{source}: {problems.Count} problems:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems);
    }
}
