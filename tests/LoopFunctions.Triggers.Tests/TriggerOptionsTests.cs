using LoopFunctions.Triggers.Schedules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Read_WebhookSecretUnsetOrEmpty_FallsBackToGitHubWebhookSecret(string? configured)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LoopFunctions:GitHub:WebhookSecret"] = configured,
            ["GITHUB_WEBHOOK_SECRET"] = "from-env",
        }).Build();

        Assert.Equal("from-env", TriggerOptions.Read(configuration).GitHubWebhookSecret);
    }

    [Fact]
    public void Read_EmptyValues_KeepTheDefaultsAndDropTheHook()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LoopFunctions:LoopsFolder"] = "",
            ["LoopFunctions:GitHub:WebhookSecret"] = "",
            ["GITHUB_WEBHOOK_SECRET"] = "",
            ["LoopFunctions:Webhooks:deploy"] = "",
            ["LoopFunctions:Webhooks:build"] = "b",
            ["LoopFunctions:Schedules:PastDue"] = "Run-Latest",
        }).Build();

        var options = TriggerOptions.Read(configuration);

        Assert.Equal(("loops", (string?)null, PastDuePolicy.RunLatest), (options.LoopsFolder, options.GitHubWebhookSecret, options.PastDue));
        Assert.Equal(["build"], options.WebhookSecrets.Keys);
    }

    [Fact]
    public void AddTriggerOptions_SameKeysAsRead_BindTheSameOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LoopFunctions:Webhooks:deploy"] = "d",
            ["LoopFunctions:Schedules:PastDue"] = "skip",
            ["LoopFunctions:LoopsFolder"] = "my-loops",
            ["GITHUB_WEBHOOK_SECRET"] = "from-env",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddTriggerOptions();
        using var provider = services.BuildServiceProvider();

        var bound = provider.GetRequiredService<TriggerOptions>();
        var read = TriggerOptions.Read(configuration);

        Assert.Equal((read.LoopsFolder, read.GitHubWebhookSecret, read.PastDue, read.WebhookSecrets["deploy"]), (bound.LoopsFolder, bound.GitHubWebhookSecret, bound.PastDue, bound.WebhookSecrets["DEPLOY"]));
        Assert.Equal(("my-loops", "from-env", PastDuePolicy.Skip), (bound.LoopsFolder, bound.GitHubWebhookSecret, bound.PastDue));
        Assert.Single(provider.GetServices<IValidateOptions<TriggerOptions>>().OfType<TriggerOptionsValidator>());
    }

    [Fact]
    public void Validate_BlankFolderAndHookWithoutSecret_EachNamesItsKey()
    {
        var options = new TriggerOptions { LoopsFolder = " " };
        options.WebhookSecrets["deploy"] = "";

        var result = new TriggerOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("TriggerOptions.LoopsFolder (LoopFunctions:LoopsFolder)", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("TriggerOptions.WebhookSecrets (LoopFunctions:Webhooks:deploy)", StringComparison.Ordinal));
        Assert.True(new TriggerOptionsValidator().Validate(null, new TriggerOptions()).Succeeded);
    }
}
