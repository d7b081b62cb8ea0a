using System.CommandLine;
using LoopFunctions.Loops.Agents.CodingClis;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn validate [folder]</c>: checks every loop file and prints <c>file:line:col: reason</c> per problem.
/// Prices are checked with the table <c>loopfn run</c> uses: a cost limit over a model without a price is a problem; a
/// model without a price in a loop without one is a note (its steps count what the agent reports, else "unpriced").
/// A <c>limits.pool</c> the settings (<c>LoopFunctions__Pools__&lt;name&gt;__…</c> in the environment) do not declare is
/// a problem.</summary>
internal sealed class ValidateCommand : Command
{
    private readonly Argument<string> _path = CliOptions.LoopsFolder("path", "A folder of loop files, or one loop file");

    public ValidateCommand()
        : base("validate", "Check every loop file in a folder (default ./loops), or one loop file")
    {
        Arguments.Add(_path);
        SetAction(parse =>
        {
            var (output, error) = parse.Writers();
            return Validate(parse.GetValue(_path)!, output, error);
        });
    }

    private static int Validate(string folder, TextWriter output, TextWriter error)
    {
        var prices = LocalEngine.Prices();
        IReadOnlyCollection<LoopDefinition> loops;
        IReadOnlyList<LoopDefinitionError> errors;
        if (File.Exists(folder))
        {
            // One loop file, as `loopfn run` takes it.
            try
            {
                loops = [LoopFileReader.LoadFile(folder, prices)];
                errors = [];
            }
            catch (LoopDefinitionException ex)
            {
                loops = [];
                errors = ex.Errors;
            }
        }
        else if (Directory.Exists(folder))
        {
            var catalog = LoopFileReader.Load(folder, prices);
            loops = [.. catalog.Loops.Values];
            errors = catalog.Errors;
        }
        else
        {
            error.WriteLine($"loopfn: no loop folder or file '{folder}'");
            return ExitCodes.Error;
        }

        // A pool is the host's: the settings loopfn runs with (the environment) must declare each limits.pool.
        var runner = LocalEngine.RunnerSettings();
        var poolErrors = loops.SelectMany(l => LoopPools.Problems(l, runner.PoolLimits)).ToList();
        if (poolErrors.Count > 0)
        {
            loops = [.. loops.Where(l => !poolErrors.Any(e => e.File == l.SourcePath))];
            errors = [.. errors, .. poolErrors];
        }

        foreach (var loop in loops.OrderBy(l => l.Name, StringComparer.Ordinal))
        {
            output.WriteLine($"ok    {loop.Name} ({Path.GetRelativePath(Directory.GetCurrentDirectory(), loop.SourcePath)}): {string.Join(", ", loop.Triggers.Select(t => EnumText.Of(t.Kind) + (t.Schedule is null ? "" : $" '{t.Schedule}'") + (t.GitHubEvent is null ? "" : ":" + t.GitHubEvent)))}");
            foreach (var (model, key) in LoopPricing.UnpricedModels(loop, prices))
            {
                output.WriteLine($"note  {loop.Name}: model '{model}' ({key}) has no price: its steps count the cost the agent reports, else show as unpriced (add a price in prices: or LoopFunctions:Prices)");
            }
        }

        // The file is valid either way; whether this machine can run its agent is said apart, with the fix.
        foreach (var loop in loops.OrderBy(l => l.Name, StringComparer.Ordinal))
        {
            foreach (var problem in CliPreflight.Problems(loop.Agent))
            {
                output.WriteLine($"warn  {loop.Name}: {problem}");
            }
        }

        foreach (var problem in errors)
        {
            error.WriteLine("error " + problem);
        }

        output.WriteLine($"{loops.Count} valid, {errors.Select(e => e.File).Distinct().Count()} invalid");
        return errors.Count == 0 ? ExitCodes.Success : ExitCodes.Error;
    }
}
