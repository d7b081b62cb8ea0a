using LoopFunctions.Loops.Definitions.Scheduling;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary>The loop file format: what parses, what is rejected and at which line of the file.</summary>
public sealed class LoopDefinitionParserCoreTests
{
    private const string Valid = """
        ---
        on:
          schedule: { cron: "0 0 2 * * *", time_zone: Europe/Berlin }
          github:
            pull_request: [opened, synchronize]
        workspace:
          repository: ../repo
          branch: loop/{loop}/{date}
        agent:
          kind: openai
          model: gpt-4o-mini
          max_output_tokens: 1000
        verify:
          - name: unit
            tests: [dotnet, test]
            retries: 2
            quorum: 2
          - judge: Is the change minimal?
            threshold: 0.8
        ci:
          wait: 30m
        limits:
          max_iterations: 4
          max_tokens: 100_000
          max_cost_usd: 1.50
          max_duration: 2h
        governance:
          protect_paths: [tests/**]
          approve: [push]
        outputs:
          commit: on_success
          push: true
          pull_request: { title: "fix {loop}" }
        ---
        # Goal
        Make it pass.
        """;

    [Fact]
    public void Parse_EverySection_ReadsTypedValues()
    {
        var loop = LoopDefinitionParser.Parse("/loops/nightly.md", Valid);

        Assert.Equal("nightly", loop.Name);
        Assert.Equal("# Goal\nMake it pass.", loop.Goal);
        Assert.Equal(["manual", "schedule", "github"], loop.Triggers.Select(t => EnumText.Of(t.Kind)));
        Assert.Equal("Europe/Berlin", loop.Triggers[1].TimeZone);
        Assert.Equal(["opened", "synchronize"], loop.Triggers[2].Actions!);
        Assert.Equal(("openai", "gpt-4o-mini", 1000, "OPENAI_API_KEY"), (loop.Agent.Kind, loop.Agent.Model, loop.Agent.MaxOutputTokens, loop.Agent.ApiKeySetting));
        Assert.Equal((CheckKind.Tests, 2, 2), (loop.Checks[0].Kind, loop.Checks[0].Retries, loop.Checks[0].Quorum));
        Assert.Equal((CheckKind.Judge, 0.8), (loop.Checks[1].Kind, loop.Checks[1].Threshold!.Value));
        Assert.Equal(TimeSpan.FromMinutes(30), loop.CiWait);
        Assert.Equal((4, 100_000L, 1.50m, TimeSpan.FromHours(2)), (loop.Limits.MaxIterations, loop.Limits.MaxTokens!.Value, loop.Limits.MaxCostUsd!.Value, loop.Limits.MaxDuration!.Value));
        Assert.Equal(("on_success", true, "fix {loop}"), (EnumText.Of(loop.Outputs.CommitMode), loop.Outputs.Push, loop.Outputs.PullRequestTitle));
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEachAtItsFileLine()
    {
        var text = """
            ---
            agent:
              kind: command
              comand: [x]
            verify:
              - command: [make]
                quorum: 3
            limits:
              max_iterations: lots
            on:
              schedule: "61 * * * * *"
            ---
            Goal
            """;

        var ex = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/bad.md", text));
        var errors = ex.Errors.Select(e => e.ToString()).ToList();

        Assert.Contains("/loops/bad.md:4:3: unknown key 'agent.comand'; did you mean 'command'?", errors);
        Assert.Contains(errors, e => e.StartsWith("/loops/bad.md:3:", StringComparison.Ordinal) && e.Contains("'agent.command' is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/loops/bad.md:7:", StringComparison.Ordinal) && e.Contains("quorum", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/loops/bad.md:9:", StringComparison.Ordinal) && e.Contains("whole number from 1 to 1000, not 'lots'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/loops/bad.md:11:", StringComparison.Ordinal) && e.Contains("second field value '61'", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NetworkOfTheSetupAndTheChecks_ReadAsTrueFalseOrHosts()
    {
        const string Text = "---\nworkspace:\n  setup: [npm, ci]\n  setup_network: [registry.npmjs.org]\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [a]\n    network: true\n  - command: [b]\n    network: [\"*.example.com:443\"]\n  - command: [c]\n---\nGoal";

        var loop = LoopDefinitionParser.Parse("/loops/x.md", Text);

        Assert.False(loop.SetupNetwork);
        Assert.Equal(["registry.npmjs.org"], loop.SetupNetworkHosts);
        Assert.Equal([(true, 0), (false, 1), (false, 0)], loop.Checks.Select(c => (c.Network, c.NetworkHosts.Count)));
    }

    [Theory]
    [InlineData("no front matter", "starts with YAML front matter")]
    [InlineData("---\nagent: [\n---\nGoal", "invalid YAML")]
    [InlineData("---\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [m]\n---\n", "the goal (the Markdown after the front matter) is empty")]
    [InlineData("---\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [m]\n    judge: r\n---\nGoal", "exactly one of command, tests or judge")]
    [InlineData("---\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [m]\nworkspace:\n  branch: loop/{nope}\n---\nGoal", "unknown placeholder '{nope}'")]
    [InlineData("---\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [m]\non:\n  schedule: { cron: '0 0 * * *', time_zone: Mars/Olympus }\n---\nGoal", "'Mars/Olympus' is not a known time zone")]
    [InlineData("---\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [m]\ngovernance:\n  protect_paths: [../etc]\n---\nGoal", "not a repository path pattern")]
    [InlineData("---\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [m]\n    timeout: 99999999999999d\n---\nGoal", "'verify[1].timeout' must be at most 49d, not '99999999999999d'")]
    [InlineData("---\nagent:\n  kind: command\n  command: [x]\n  timeout: 1e300h\nverify:\n  - command: [m]\n---\nGoal", "'agent.timeout' must be at most 49d")]
    [InlineData("---\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [m]\nlimits:\n  max_duration: 10675199d\n---\nGoal", "'limits.max_duration' must be at most 3650d, not '10675199d'")]
    [InlineData("---\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [m]\nlimits:\n  max_duration: 10675199.02:48:05\n---\nGoal", "'limits.max_duration' must be at most 3650d")]
    [InlineData("---\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [m]\n    network: [\"bad host\"]\n---\nGoal", "'verify[1].network' lists 'bad host'")]
    [InlineData("---\nworkspace:\n  setup_network: []\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [m]\n---\nGoal", "'workspace.setup_network' is an empty list")]
    public void Parse_InvalidFile_ClearReason(string text, string expected)
    {
        var ex = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/x.md", text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RepositoryLoopsAndSamples_AllValid()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root!.FullName, "LoopFunctions.sln")))
        {
            root = root.Parent;
        }

        foreach (var folder in new[] { "loops", Path.Combine("samples", "demo") })
        {
            var catalog = LoopFileReader.Load(Path.Combine(root.FullName, folder));
            Assert.Empty(catalog.Errors);
            Assert.NotEmpty(catalog.Loops);
        }
    }

    [Fact]
    public void GetNextOccurrence_AcrossSpringForwardInBerlin_SkipsTheMissingHour()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var schedule = CronSchedule.Parse("0 30 2 * * *");

        // 29 March 2026: clocks jump from 02:00 to 03:00, so 02:30 does not exist that day.
        var next = schedule.GetNextOccurrence(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero), berlin);

        Assert.Equal(new DateTimeOffset(2026, 3, 30, 2, 30, 0, TimeSpan.FromHours(2)), next);
    }

    [Fact]
    public void GetNextOccurrence_RepeatedHourInAutumn_FiresOnce()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var schedule = CronSchedule.Parse("0 30 2 * * *");
        var start = new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero);

        var first = schedule.GetNextOccurrence(start, berlin)!.Value;
        var second = schedule.GetNextOccurrence(first, berlin)!.Value;

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.FromHours(2)), first);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 2, 30, 0, TimeSpan.FromHours(1)), second);
    }

    [Theory]
    [InlineData("*/15 * * * * *", "2026-01-01T00:00:07Z", "2026-01-01T00:00:15Z")]
    [InlineData("0 0 9 * * MON-FRI", "2026-01-02T10:00:00Z", "2026-01-05T09:00:00Z")]
    [InlineData("0 0 0 1 JAN *", "2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("5 4 * * 0", "2026-01-01T00:00:00Z", "2026-01-04T04:05:00Z")]
    public void GetNextOccurrence_CommonExpressions_InUtc(string cron, string after, string expected)
    {
        var next = CronSchedule.Parse(cron).GetNextOccurrence(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Theory]
    [InlineData("tests/**", "tests/unit/a_test.sh", true)]
    [InlineData("tests/**", "src/tests/a.sh", false)]
    [InlineData("**/*.csproj", "src/App/App.csproj", true)]
    [InlineData("src/*.cs", "src/a/b.cs", false)]
    [InlineData("docs/", "docs/x/y.md", true)]
    [InlineData("a?.txt", "ab.txt", true)]
    public void IsMatch_Globs_MatchRepositoryPaths(string pattern, string path, bool expected) =>
        Assert.Equal(expected, PathGlob.Parse(pattern).IsMatch(path));

    [Fact]
    public void Render_BranchTemplate_ProducesAValidRef() =>
        Assert.Equal("loop/fix-tests/a_20b_2E_2Ec", BranchTemplate.Render("loop/{loop}/{instance}", "fix tests", "a b..c", DateTime.UnixEpoch));

    [Theory]
    [InlineData("c d", "c-d")]
    [InlineData("a-", "a")]
    [InlineData("x.lock", "x")]
    [InlineData("ü", "_C3_BC")]
    public void Render_InstancesDifferingOnlyInPunctuation_GetDifferentBranches(string one, string other) =>
        Assert.NotEqual(BranchTemplate.Render("loop/{loop}/{instance}", "l", one, DateTime.UnixEpoch), BranchTemplate.Render("loop/{loop}/{instance}", "l", other, DateTime.UnixEpoch));
}
