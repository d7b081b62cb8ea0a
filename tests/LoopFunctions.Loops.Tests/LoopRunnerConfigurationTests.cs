using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Errors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Tests;

/// <summary>The runner settings every host reads (<see cref="LoopRunnerConfiguration"/>) and their one validator.</summary>
public sealed class LoopRunnerConfigurationTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "runner-root");

    [Fact]
    public void Configure_DocumentedKeys_ReadIntoTheOptions()
    {
        var options = Read(new()
        {
            ["LoopFunctions:WorkRoot"] = "clones",
            ["LoopFunctions:LoopsFolder"] = "/srv/loops",
            ["LoopFunctions:Publish:Connection"] = "from-settings",
            ["LoopFunctions:Publish:SigningKey"] = "key-from-settings",
            ["LoopFunctions:GitHub:Token"] = "token-from-settings",
            ["LoopFunctions:GitHub:ApiUrl"] = "https://github.example.com/api/v3",
            ["LoopFunctions:Prices:my-model:input"] = "1",
            ["LoopFunctions:Prices:my-model:output"] = "2",
            ["LOOPFN_PUBLISH_CONNECTION"] = "ignored",
            ["GITHUB_TOKEN"] = "ignored",
        });

        Assert.Equal((Path.Combine(Root, "clones"), "/srv/loops"), (options.WorkRoot, options.LoopsFolder));
        Assert.Equal(("from-settings", "key-from-settings", "token-from-settings"), (options.PublishConnectionString, options.PublishSigningKey, options.GitHubToken));
        Assert.Equal(new Uri("https://github.example.com/api/v3"), options.GitHubApiUrl);
        Assert.True(options.Prices.IsKnown("my-model"));
    }

    [Fact]
    public void Configure_OnlyTheEnvironmentNames_AreTheFallbacks()
    {
        var options = Read(new()
        {
            ["LOOPFN_PUBLISH_CONNECTION"] = "from-loopfn",
            ["AzureWebJobsStorage"] = "from-functions",
            ["LOOPFN_PUBLISH_KEY"] = "key-from-loopfn",
            ["GITHUB_TOKEN"] = "token-from-actions",
            ["GITHUB_API_URL"] = "https://ghes.example.com/api/v3",
        });

        Assert.Equal(("from-loopfn", "key-from-loopfn", "token-from-actions"), (options.PublishConnectionString, options.PublishSigningKey, options.GitHubToken));
        Assert.Equal(new Uri("https://ghes.example.com/api/v3"), options.GitHubApiUrl);
        Assert.Equal(Path.Combine(Root, "loops"), options.LoopsFolder);
        Assert.Equal("from-functions", Read(new() { ["AzureWebJobsStorage"] = "from-functions" }).PublishConnectionString);
    }

    [Fact]
    public void Configure_GitHubApiUrlNotAUrl_NamesTheKey()
    {
        var ex = Assert.Throws<LoopFunctionsException>(() => Read(new() { ["LoopFunctions:GitHub:ApiUrl"] = "not a url" }));

        Assert.StartsWith("LoopRunnerOptions.GitHubApiUrl (LoopFunctions:GitHub:ApiUrl): must be an http or https URL (was 'not a url')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_EmptySettings_DoNotHideTheirFallbacks()
    {
        var options = Read(new()
        {
            ["LoopFunctions:WorkRoot"] = "",
            ["LoopFunctions:LoopsFolder"] = "",
            ["LoopFunctions:Publish:Connection"] = "",
            ["LoopFunctions:Publish:SigningKey"] = "",
            ["LoopFunctions:GitHub:Token"] = "",
            ["LoopFunctions:GitHub:ApiUrl"] = "",
            ["LOOPFN_PUBLISH_CONNECTION"] = "",
            ["AzureWebJobsStorage"] = "from-functions",
            ["LOOPFN_PUBLISH_KEY"] = "key-from-loopfn",
            ["GITHUB_TOKEN"] = "token-from-actions",
            ["GITHUB_API_URL"] = "https://ghes.example.com/api/v3",
        });

        Assert.Equal(("from-functions", "key-from-loopfn", "token-from-actions"), (options.PublishConnectionString, options.PublishSigningKey, options.GitHubToken));
        Assert.Equal(new Uri("https://ghes.example.com/api/v3"), options.GitHubApiUrl);
        Assert.Equal((LoopRunnerOptions.DefaultWorkRoot, Path.Combine(Root, "loops")), (options.WorkRoot, options.LoopsFolder));
    }

    [Fact]
    public void AddLoopServices_SameKeysAsRead_BindTheSameOptionsAndTheHostsConfigureWins()
    {
        var values = new Dictionary<string, string?>
        {
            ["LoopFunctions:WorkRoot"] = "clones",
            ["LoopFunctions:LoopsFolder"] = "my-loops",
            ["LoopFunctions:Publish:Connection"] = "from-settings",
            ["LoopFunctions:Prices:my-model:input"] = "1",
            ["LoopFunctions:Prices:my-model:output"] = "2",
            ["LOOPFN_PUBLISH_KEY"] = "key-from-loopfn",
            ["GITHUB_TOKEN"] = "token-from-actions",
            ["GITHUB_API_URL"] = "https://ghes.example.com/api/v3",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var provider = new ServiceCollection().AddLoopServices(configuration, Root).BuildServiceProvider();
        using var hosted = new ServiceCollection().AddLoopServices(configuration, Root, o => (o.WorkRoot, o.GitHubToken) = ("/srv/store/workspaces", "from-the-host")).BuildServiceProvider();

        var bound = provider.GetRequiredService<IOptions<LoopRunnerOptions>>().Value;
        var read = Read(values);
        var host = hosted.GetRequiredService<IOptions<LoopRunnerOptions>>().Value;

        Assert.Equal(
            (read.WorkRoot, read.LoopsFolder, read.PublishConnectionString, read.PublishSigningKey, read.GitHubToken, read.GitHubApiUrl),
            (bound.WorkRoot, bound.LoopsFolder, bound.PublishConnectionString, bound.PublishSigningKey, bound.GitHubToken, bound.GitHubApiUrl));
        Assert.Equal((Path.Combine(Root, "clones"), Path.Combine(Root, "my-loops"), "from-settings"), (bound.WorkRoot, bound.LoopsFolder, bound.PublishConnectionString));
        Assert.True(bound.Prices.IsKnown("my-model"));
        Assert.Equal(("/srv/store/workspaces", "from-the-host", "key-from-loopfn"), (host.WorkRoot, host.GitHubToken, host.PublishSigningKey));
    }

    [Fact]
    public void Validate_RelativeWorkRootAndFtpApi_EachNamesItsKeyAndRule()
    {
        var options = new LoopRunnerOptions { WorkRoot = "relative/clones", GitHubApiUrl = new Uri("ftp://github.example.com") };

        var result = new LoopRunnerOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("LoopRunnerOptions.WorkRoot (LoopFunctions:WorkRoot): must be an absolute path", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("LoopRunnerOptions.GitHubApiUrl (LoopFunctions:GitHub:ApiUrl): must be an http or https URL", StringComparison.Ordinal));
        Assert.True(new LoopRunnerOptionsValidator().Validate(null, new LoopRunnerOptions()).Succeeded);
    }

    [Fact]
    public void AddLoopServices_BadSetting_TheValidatorRefusesItWhenTheOptionsAreRead()
    {
        using var provider = new ServiceCollection()
            .AddLoopServices(new ConfigurationBuilder().Build(), Root, o => o.SandboxHiddenPaths.Add("relative"))
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LoopRunnerOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.StartsWith("LoopRunnerOptions.SandboxHiddenPaths", StringComparison.Ordinal));
    }

    [Fact]
    public void Configure_MaxParallelVerifications_ReadWithItsDefaultAndItsRule()
    {
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), Read([]).MaxParallelVerifications);
        Assert.Equal(3, Read(new() { ["LoopFunctions:MaxParallelVerifications"] = "3" }).MaxParallelVerifications);

        var ex = Assert.Throws<LoopFunctionsException>(() => Read(new() { ["LoopFunctions:MaxParallelVerifications"] = "0" }));

        Assert.StartsWith("LoopRunnerOptions.MaxParallelVerifications (LoopFunctions:MaxParallelVerifications): must be a whole number from 1 to 1024 (was '0')", ex.Message, StringComparison.Ordinal);
    }

    private static LoopRunnerOptions Read(Dictionary<string, string?> values)
    {
        return LoopRunnerConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), Root);
    }
}
