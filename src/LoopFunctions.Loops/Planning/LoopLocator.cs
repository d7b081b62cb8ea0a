using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Loops.Planning;

/// <summary>Finds the loop a run's stored input names, in the host's loop folder.</summary>
public static class LoopLocator
{
    /// <summary>The definition of the loop <paramref name="input"/> names: by name in <paramref name="folder"/>; for a
    /// run recorded before names (its input holds a loop file path), that file, which must lie in the folder.</summary>
    /// <remarks>A recorded path outside the folder is refused: a start through Durable Functions' API stores any JSON
    /// it is given, and a path there must not run an arbitrary file of the host as a loop.</remarks>
    /// <exception cref="LoopFunctionsException">No loop is named, no loop has the name, or the recorded path is
    /// outside the folder.</exception>
    /// <exception cref="LoopDefinitionException">The loop's file is invalid.</exception>
    public static LoopDefinition Find(LoopRunInput input, string folder)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(folder);
        if (input.LegacyLoopFile is { } file)
        {
            var path = Path.GetFullPath(file);
            // Only a loop file (.md) directly in the folder: any other file there (a host setting, a script) is not a loop.
            if (!string.Equals(Path.GetDirectoryName(path), Path.TrimEndingDirectorySeparator(full), StringComparison.Ordinal)
                || !path.EndsWith(".md", StringComparison.Ordinal))
            {
                throw new LoopFunctionsException($"This run's input names the loop file of a host ('{Path.GetFileName(path)}'), not one in this host's loop folder: start the loop again by name.");
            }

            return LoopFileReader.LoadFile(path);
        }

        if (string.IsNullOrWhiteSpace(input.Loop))
        {
            throw new LoopFunctionsException("""This run's input names no loop: start LoopOrchestrator with {"loop": "<name>", "input": <your input>}.""");
        }

        var catalog = LoopFileReader.Load(full);
        if (catalog.Loops.TryGetValue(input.Loop, out var definition))
        {
            return definition;
        }

        var invalid = catalog.Errors.Where(e => Path.GetFileNameWithoutExtension(e.File).Equals(input.Loop, StringComparison.OrdinalIgnoreCase)).ToList();
        throw new LoopFunctionsException(invalid.Count > 0
            ? $"Loop '{input.Loop}' is invalid: {string.Join("; ", invalid.Select(e => e.Message))}"
            : $"No loop named '{input.Loop}' in this host's loop folder; known loops: {string.Join(", ", catalog.Loops.Keys.Order(StringComparer.Ordinal))}.");
    }
}
