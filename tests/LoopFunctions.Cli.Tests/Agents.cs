namespace LoopFunctions.Cli.Tests;

/// <summary>Agent scripts for the end-to-end tests: deterministic stand-ins for a model, run as real processes.</summary>
internal static class Agents
{
    public static string Usage(int input, int output) =>
        "echo '{\"summary\": \"step done\", \"usage\": {\"input_tokens\": " + input + ", \"output_tokens\": " + output + "}}'";

    /// <summary>Fixes add (line 4 of src/calc.sh subtracts).</summary>
    public static readonly string Fix = "sed -i '4s/-/+/' src/calc.sh\n" + Usage(1200, 300);

    /// <summary>Makes the test pass by gutting it: the guard must reject this.</summary>
    public static readonly string TamperWithTests = "printf '#!/usr/bin/env bash\\nexit 0\\n' > tests/test_calc.sh\n" + Usage(800, 200);

    /// <summary>Deletes the failing test cases instead of fixing the code.</summary>
    public static readonly string DeleteFailingTests = "sed -i '/check \"add/d' tests/test_calc.sh\n" + Usage(800, 200);

    /// <summary>Touches a file without fixing anything, and spends a lot.</summary>
    public static readonly string ExpensiveNoFix = "echo '# tried something' >> src/calc.sh\n" + Usage(20000, 10000);
}
