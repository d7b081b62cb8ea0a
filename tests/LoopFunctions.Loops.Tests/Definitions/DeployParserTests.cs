using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary><c>outputs.deploy</c>, <c>approve: [deploy]</c> and <c>outputs.publish.share</c> in loop files.</summary>
public sealed class DeployParserTests
{
    private const string Head = "---\nagent: { kind: command, command: [a] }\nverify:\n  - command: [make]\n";

    [Fact]
    public void Parse_CommandDeployment_ChecksRollbackAndDefaults()
    {
        var loop = LoopDefinitionParser.Parse("/loops/ship.md", Head + """
            governance:
              approve: [deploy]
            outputs:
              deploy:
                command: [./deploy.sh, "{commit}"]
                url: "http://127.0.0.1:8080/{instance}/"
                env: [DEPLOY_TOKEN]
                checks:
                  - http: "{url}/health"
                    contains: ok
                    max_latency: 2s
                    retries: 3
                  - name: smoke
                    command: [./smoke.sh, "{url}"]
                rollback: [./rollback.sh]
            ---
            Ship it.
            """);

        var deploy = loop.Outputs.Deploy!;
        Assert.Equal((DeployKind.Command, false, TimeSpan.FromMinutes(10)), (deploy.Kind, deploy.Withdraw, deploy.Timeout));
        Assert.Equal(["DEPLOY_TOKEN"], deploy.Environment);
        Assert.Equal(["./rollback.sh"], deploy.Rollback!);
        Assert.Equal(("http1", DeployCheckKind.Http, 200, "ok", TimeSpan.FromSeconds(2), 3), (deploy.Checks[0].Name, deploy.Checks[0].Kind, deploy.Checks[0].Status, deploy.Checks[0].Contains, deploy.Checks[0].MaxLatency, deploy.Checks[0].Retries));
        Assert.Equal(("smoke", DeployCheckKind.Command), (deploy.Checks[1].Name, deploy.Checks[1].Kind));
        Assert.True(loop.Governance.NeedsApproval(ApprovalStep.Deploy));
    }

    [Fact]
    public void Parse_PublishDeploymentWithdrawnOnFailure_SharedWithThePullRequestOnly()
    {
        var loop = LoopDefinitionParser.Parse("/loops/site.md", Head + """
            outputs:
              publish: { folder: site, container: web, share: [pull_request] }
              deploy:
                publish: true
                checks:
                  - http: "{url}"
                    contains: "<h1>"
                rollback: withdraw
            ---
            Build the site.
            """);

        Assert.Equal((DeployKind.Publish, true, (IReadOnlyList<string>?)null), (loop.Outputs.Deploy!.Kind, loop.Outputs.Deploy.Withdraw, loop.Outputs.Deploy.Rollback));
        Assert.True(loop.Outputs.Publish!.SharesWith("pull_request"));
        Assert.False(loop.Outputs.Publish.SharesWith("run"));
    }

    [Theory]
    [InlineData("outputs:\n  deploy: { url: \"http://x/\" }\n", 6, "'outputs.deploy' needs exactly one of command")]
    [InlineData("outputs:\n  deploy: { publish: true }\n", 6, "add an outputs.publish mapping")]
    [InlineData("outputs:\n  deploy: { command: [d], rollback: withdraw }\n", 6, "'outputs.deploy.rollback: withdraw' applies to publish deployments only")]
    [InlineData("outputs:\n  deploy:\n    command: [d]\n    checks:\n      - http: \"{url}/x\"\n", 9, "uses {url}, but outputs.deploy has no url")]
    [InlineData("outputs:\n  deploy:\n    command: [d]\n    checks:\n      - command: [c]\n        status: 200\n", 9, "status, contains and max_latency apply to http checks")]
    [InlineData("outputs:\n  deploy: { command: [d], url: not-a-url }\n", 6, "'outputs.deploy.url' must be an absolute URL")]
    [InlineData("outputs:\n  publish: { folder: s, container: web, share: [slack] }\n", 6, "'outputs.publish.share' lists 'slack'")]
    [InlineData("governance:\n  approve: [ship]\n", 6, "push, pr, publish and deploy")]
    public void Parse_DeployMistakes_ReportedAtTheirLine(string yaml, int line, string message)
    {
        var error = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/bad.md", Head + yaml + "---\nGoal"));

        Assert.Contains(error.Errors, e => e.Line == line && e.Message.Contains(message, StringComparison.Ordinal));
    }
}
