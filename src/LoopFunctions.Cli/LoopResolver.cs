using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;

namespace LoopFunctions.Cli;

/// <summary>Finds a loop given on the command line: a path to a <c>.md</c> file, or a name in <c>./loops</c>.</summary>
internal static class LoopResolver
{
    /// <exception cref="LoopDefinitionException">The file is invalid.</exception>
    /// <exception cref="UsageException">There is no such loop.</exception>
    public static LoopDefinition Resolve(string loop)
    {
        if (File.Exists(loop))
        {
            return LoopFileReader.LoadFile(loop);
        }

        var candidate = Path.Combine("loops", loop + ".md");
        if (File.Exists(candidate))
        {
            return LoopFileReader.LoadFile(candidate);
        }

        var known = Directory.Exists("loops") ? string.Join(", ", Directory.GetFiles("loops", "*.md").Select(Path.GetFileNameWithoutExtension)) : "none";
        throw new UsageException($"no loop '{loop}': give a path to a loop file or the name of one in ./loops (found: {known})");
    }
}
