namespace LoopFunctions.Host.Tests.TestSupport;

/// <summary>Loop files for host tests, around deterministic agent scripts run as real processes.</summary>
internal static class LoopFiles
{
    /// <summary>Fixes add (line 4 of the demo's src/calc.sh subtracts) and reports its usage as JSON.</summary>
    public const string FixAgent = "sed -i '4s/-/+/' src/calc.sh\necho '{\"summary\": \"fixed add\", \"usage\": {\"input_tokens\": 1200, \"output_tokens\": 300}}'";

    /// <summary>A loop that fixes the demo repository in one iteration.</summary>
    public static string Quick(string repository, string agentScript, string extra = "", string agentExtra = "") => $"""
        ---
        on: manual
        workspace:
          repository: {repository}
          base_branch: main
        agent:
          kind: command
          command: [bash, "{agentScript}", "{"{workspace}"}", "{"{prompt_file}"}"]
          timeout: 1m
          {agentExtra}
        verify:
          - name: tests
            command: [bash, tests/test_calc.sh]
            timeout: 1m
        limits:
          max_iterations: 3
        {extra}
        ---
        Make the calculator tests pass.
        """;

    /// <summary>Like <see cref="Quick"/>, with a workspace <c>setup</c> that fails on the calls numbered in
    /// <paramref name="failCalls"/> (space-separated; counted per script). The setup runs in PrepareWorkspace (up to 3
    /// attempts; failing all of them fails the step), then before the baseline checks and before each iteration's
    /// checks (where a failure is a failed check, not a failed step). The script counts its calls in a file beside it,
    /// outside the run: a sandboxed setup could not write there, so this loop runs its processes unconfined.</summary>
    public static string Flaky(string repository, string agentScript, string flakyScript, string failCalls) =>
        Quick(repository, agentScript, agentExtra: "sandbox: none").Replace("  base_branch: main", $"  base_branch: main\n  setup: [bash, \"{flakyScript}\", \"{failCalls}\"]", StringComparison.Ordinal);

    /// <summary>The script <see cref="Flaky"/> runs: it counts its calls in a file beside it and fails the listed ones.</summary>
    public const string FlakySetup = """
        #!/usr/bin/env bash
        counter="$0.count"
        n=$(( $(cat "$counter" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$counter"
        for f in $1; do
          if [ "$n" = "$f" ]; then echo "flaky setup: call $n fails" >&2; exit 1; fi
        done
        """;

    /// <summary>Like <see cref="Quick"/>, but the push waits for an approval event: the run stays live until then.</summary>
    public static string Gated(string repository, string agentScript) => Quick(repository, agentScript, """
        governance:
          protect_paths: [tests/**]
          approve: [push]
          approval_timeout: 1h
        outputs:
          push: true
        """);
}
