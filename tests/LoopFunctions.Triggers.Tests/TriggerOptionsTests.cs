using LoopFunctions.Triggers.Schedules;
using Microsoft.Extensions.Configuration;

namespace LoopFunctions.Triggers.Tests;

public sealed class TriggerOptionsTests
{
    [Fact]
    public void Read_SettingsInEitherSeparatorForm_AreRead()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LoopFunctions:GitHub:WebhookSecret"] = "gh",
            ["LoopFunctions:Webhooks:deploy"] = "d",
            ["LoopFunctions:Schedules:PastDue"] = "skip",
            ["LoopFunctions:LoopsFolder"] = "my-loops",
        }).Build();

        var options = TriggerOptions.Read(configuration);

        Assert.Equal(("gh", "d", PastDuePolicy.Skip, "my-loops"), (options.GitHubWebhookSecret, options.WebhookSecrets["DEPLOY"], options.PastDue, options.LoopsFolder));
    }

    [Fact]
    public void Read_Nothing_Defaults()
    {
        var options = TriggerOptions.Read(new ConfigurationBuilder().Build());
        Assert.Equal((null, 0, PastDuePolicy.RunLatest, "loops"), (options.GitHubWebhookSecret, options.WebhookSecrets.Count, options.PastDue, options.LoopsFolder));
    }

    [Fact]
    public void Read_UnknownPastDuePolicy_ThrowsNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["LoopFunctions:Schedules:PastDue"] = "later" }).Build();
        var error = Assert.Throws<TriggerConfigurationException>(() => TriggerOptions.Read(configuration));
        Assert.Contains("LoopFunctions:Schedules:PastDue", error.Message, StringComparison.Ordinal);
    }
}
