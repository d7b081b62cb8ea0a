using YamlDotNet.RepresentationModel;

namespace LoopFunctions.Loops.Definitions;

/// <summary>The errors of one file, with YAML positions turned into lines of the file.</summary>
internal sealed class LoopFileErrors(string file, int lineOffset)
{
    private readonly List<LoopDefinitionError> _errors = [];

    public IReadOnlyList<LoopDefinitionError> All => _errors;

    public void Add(YamlNode node, string message) => Add((int)node.Start.Line + lineOffset, (int)node.Start.Column, message);

    /// <summary>Where <paramref name="node"/> is in the file, for problems found after parsing (an unpriced model).</summary>
    public (int Line, int Column) Position(YamlNode node) => ((int)node.Start.Line + lineOffset, (int)node.Start.Column);

    /// <remarks>A problem already reported at the same place is not reported again: a key read twice (the agent's
    /// settings again for each attempt of <c>agent.attempts</c>) reports its problem once.</remarks>
    public void Add(int line, int column, string message)
    {
        var error = new LoopDefinitionError(file, line, column, message);
        if (!_errors.Contains(error))
        {
            _errors.Add(error);
        }
    }
}
