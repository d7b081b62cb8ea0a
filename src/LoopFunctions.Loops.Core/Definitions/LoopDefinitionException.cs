using LoopFunctions.Loops.Errors;

namespace LoopFunctions.Loops.Definitions;

/// <summary>A loop file is invalid; <see cref="Errors"/> lists every problem found in it, each with its line.</summary>
public sealed class LoopDefinitionException : LoopFunctionsException
{
    public LoopDefinitionException(IReadOnlyList<LoopDefinitionError> errors)
        : base(string.Join(Environment.NewLine, errors ?? throw new ArgumentNullException(nameof(errors))))
    {
        Errors = errors;
    }

    public IReadOnlyList<LoopDefinitionError> Errors { get; }
}
