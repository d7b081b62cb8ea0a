namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary>A loop file around an <c>agent:</c> block, for the parser tests of the agent's keys.</summary>
internal static class AgentLoopFile
{
    /// <summary>The file with <paramref name="agent"/> (its lines indented by two) under <c>agent:</c>; the agent's
    /// keys start on line 5 of the file.</summary>
    public static string With(string agent) => $"""
        ---
        workspace:
          repository: ../repo
        agent:
        {agent}
        verify:
          - name: unit
            command: [make, test]
        ---
        # Goal
        Make it pass.
        """;
}
