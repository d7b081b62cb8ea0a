using LoopFunctions.DurableTask;
using LoopFunctions.Host.Hosting;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Activities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Host.Tests.Configuration;

/// <summary>The settings <c>loopfn serve</c> reads (<see cref="LoopHost.Build"/>): each refusal names the key and the
/// rule, and gives the verdict the options' validator gives the same value.</summary>
public sealed class HostOptionsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("loopfn-options-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Build_HalfSecondLockTimeoutInHostJson_RefusedNamingTheKeyAndTheRule()
    {
        File.WriteAllText(Path.Combine(_root, "host.json"), """
            { "version": "2.0", "extensions": { "durableTask": { "storageProvider": { "orchestrationLockTimeout": "00:00:00.500" } } } }
            """);

        var ex = Assert.Throws<HostJsonException>(() => LoopHost.Build(Settings()));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("orchestrationLockTimeout", problem.Key);
        Assert.Contains("must be at least 00:00:01", problem.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Keys", "short-key", "LoopFunctions:Keys: every key must have at least 16 characters.")]
    [InlineData("MaxRequestBodyBytes", "10", "LoopFunctions:MaxRequestBodyBytes: '10' is not a whole number of bytes >= 1024.")]
    [InlineData("RetryAfterSeconds", "0", "LoopFunctions:RetryAfterSeconds: '0' is not a number of seconds from 1 to 3600.")]
    [InlineData("RetryAfterSeconds", "3601", "LoopFunctions:RetryAfterSeconds: '3601' is not a number of seconds from 1 to 3600.")]
    [InlineData("RpcUrl", "http://10.1.2.3:17071", "LoopFunctions:RpcUrl: 'http://10.1.2.3:17071' is not a loopback address")]
    public void Build_BadHostSetting_SameVerdictAsTheValidator(string key, string value, string expected)
    {
        var settings = Settings();
        settings.Configuration[$"LoopFunctions:{key}"] = value;
        var options = new LoopHostOptions { MaxRequestBodyBytes = key == "MaxRequestBodyBytes" ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 1024 * 1024 };
        if (key == "Keys")
        {
            options.Keys.Add(value);
        }

        options.RetryAfterSeconds = key == "RetryAfterSeconds" ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 5;
        options.RpcUrl = key == "RpcUrl" ? value : null;

        var fromHost = Assert.Throws<HostConfigurationException>(() => LoopHost.Build(settings));
        var fromValidator = new LoopHostOptionsValidator().Validate(null, options);

        Assert.StartsWith(expected, fromHost.Message, StringComparison.Ordinal);
        Assert.True(fromValidator.Failed);
        Assert.StartsWith(expected, Assert.Single(fromValidator.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_RunnerSettings_TheKeysEveryHostReads()
    {
        var values = new Dictionary<string, string?>
        {
            ["LoopFunctions:WorkRoot"] = "clones",
            ["LoopFunctions:LoopsFolder"] = "my-loops",
            ["LoopFunctions:Publish:Connection"] = "UseDevelopmentStorage=true",
            ["LoopFunctions:Publish:SigningKey"] = "signing-key",
            ["LoopFunctions:GitHub:Token"] = "token-from-settings",
            ["LoopFunctions:GitHub:ApiUrl"] = "https://github.example.com/api/v3",
        };
        var settings = Settings();
        foreach (var (key, value) in values)
        {
            settings.Configuration[key] = value;
        }

        await using var app = LoopHost.Build(settings);
        var served = app.Services.GetRequiredService<IOptions<LoopRunnerOptions>>().Value;
        var shared = LoopRunnerConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), _root);

        Assert.Equal(Path.Combine(_root, "clones"), served.WorkRoot);
        Assert.Equal(Path.Combine(_root, "my-loops"), served.LoopsFolder);
        Assert.Equal(("UseDevelopmentStorage=true", "signing-key", "token-from-settings"), (served.PublishConnectionString, served.PublishSigningKey, served.GitHubToken));
        Assert.Equal(new Uri("https://github.example.com/api/v3"), served.GitHubApiUrl);
        Assert.Equal(
            (shared.WorkRoot, shared.LoopsFolder, shared.PublishConnectionString, shared.PublishSigningKey, shared.GitHubToken, shared.GitHubApiUrl),
            (served.WorkRoot, served.LoopsFolder, served.PublishConnectionString, served.PublishSigningKey, served.GitHubToken, served.GitHubApiUrl));
    }

    private LoopHostSettings Settings() => new() { ContentRoot = _root, Urls = ["http://127.0.0.1:0"] };
}
