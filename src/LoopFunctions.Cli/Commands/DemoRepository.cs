namespace LoopFunctions.Cli.Commands;

/// <summary>Creates the demo's sample repository: a tiny shell calculator whose <c>add</c> subtracts, and its test.</summary>
internal static class DemoRepository
{
    public const string Calc = """
        #!/usr/bin/env bash
        # A tiny calculator. add has a bug for the demo loop to fix.
        add() {
          echo $(( $1 - $2 ))
        }

        sub() {
          echo $(( $1 - $2 ))
        }

        """;

    public const string Test = """
        #!/usr/bin/env bash
        # The calculator's tests: exit 0 when all pass.
        set -u
        source "$(dirname "$0")/../src/calc.sh"
        failures=0
        check() {
          if [[ "$2" == "$3" ]]; then echo "ok   $1"; else echo "FAIL $1: expected $3, got $2"; failures=$((failures + 1)); fi
        }
        check "add 2 3" "$(add 2 3)" 5
        check "add 10 -4" "$(add 10 -4)" 6
        check "sub 7 2" "$(sub 7 2)" 5
        echo "$failures failure(s)"
        exit $failures

        """;

    /// <summary>Creates the repository with one commit on <c>main</c>; returns its path.</summary>
    public static async Task<string> CreateAsync(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(folder, "src"));
        Directory.CreateDirectory(Path.Combine(folder, "tests"));
        await File.WriteAllTextAsync(Path.Combine(folder, "src", "calc.sh"), Calc);
        await File.WriteAllTextAsync(Path.Combine(folder, "tests", "test_calc.sh"), Test);
        await File.WriteAllTextAsync(Path.Combine(folder, "README.md"), "# calc\n\nThe sample repository of `loopfn demo`.\n");
        await Loops.Workspace.Git.RunAsync(folder, CancellationToken.None, "init", "--quiet", "--initial-branch", "main");
        await Loops.Workspace.Git.RunAsync(folder, CancellationToken.None, "add", "--all");
        await Loops.Workspace.Git.RunAsync(folder, CancellationToken.None, "commit", "--quiet", "-m", "calc with a failing test");
        return folder;
    }
}
