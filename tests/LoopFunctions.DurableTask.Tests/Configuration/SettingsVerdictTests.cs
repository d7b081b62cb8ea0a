using DurableTask.AzureStorage;
using LoopFunctions.DurableTask.AzureStorage;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.DurableTask.Hosting;
using LoopFunctions.DurableTask.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoopFunctions.DurableTask.Tests.Configuration;

/// <summary>One value, every way a backend setting can be given: host.json, the builder's <c>Use...</c> call (the
/// options validator), and the settings object handed straight to the backend. Each must give the same verdict, and
/// a refusal must name the setting and the rule.</summary>
public sealed class SettingsVerdictTests
{
    [Theory]
    [InlineData("orchestrationLockTimeout", "00:00:00.500", false)]
    [InlineData("orchestrationLockTimeout", "00:00:01", true)]
    [InlineData("activityLockTimeout", "00:00:00.500", false)]
    [InlineData("activityLockTimeout", "00:00:01", true)]
    [InlineData("maxQueuePollingInterval", "00:00:00.005", false)]
    [InlineData("maxQueuePollingInterval", "00:00:00.010", true)]
    public void SqliteTimeSpan_EveryPath_SameVerdict(string key, string value, bool valid)
    {
        var span = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var property = char.ToUpperInvariant(key[0]) + key[1..];
        void Set(SqliteOrchestrationServiceSettings s)
        {
            s.Path = Path.Combine(Path.GetTempPath(), "verdict.db");
            typeof(SqliteOrchestrationServiceSettings).GetProperty(property)!.SetValue(s, span);
        }

        var fromHostJson = HostJsonVerdict($$"""{ "extensions": { "durableTask": { "storageProvider": { "{{key}}": "{{value}}" } } } }""");
        var fromBuilder = BuilderVerdict<SqliteOrchestrationServiceSettings>(b => b.UseSqlite(Set));
        var direct = new SqliteOrchestrationServiceSettings();
        Set(direct);
        var fromConstructor = ConstructorVerdict(() => direct.Validate());

        Assert.Equal(valid, fromHostJson is null);
        Assert.Equal(valid, fromBuilder is null);
        Assert.Equal(valid, fromConstructor is null);
        if (!valid)
        {
            Assert.Contains(key, fromHostJson, StringComparison.Ordinal);
            Assert.Contains($"{property} (host.json storageProvider.{key}): must be at least", fromBuilder, StringComparison.Ordinal);
            Assert.Contains($"{property} must be at least", fromConstructor, StringComparison.Ordinal);
            Assert.Contains("must be at least", fromHostJson, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("maxDeliveryCount", 0, false)]
    [InlineData("maxDeliveryCount", 1001, false)]
    [InlineData("maxDeliveryCount", 1000, true)]
    [InlineData("maxPayloadBytes", 1023, false)]
    [InlineData("maxPayloadBytes", 1024, true)]
    public void SqliteNumber_EveryPath_SameVerdict(string key, int value, bool valid)
    {
        var property = char.ToUpperInvariant(key[0]) + key[1..];
        void Set(SqliteOrchestrationServiceSettings s)
        {
            s.Path = Path.Combine(Path.GetTempPath(), "verdict.db");
            typeof(SqliteOrchestrationServiceSettings).GetProperty(property)!.SetValue(s, value);
        }

        var fromHostJson = HostJsonVerdict($$"""{ "extensions": { "durableTask": { "storageProvider": { "{{key}}": {{value}} } } } }""");
        var fromBuilder = BuilderVerdict<SqliteOrchestrationServiceSettings>(b => b.UseSqlite(Set));
        var direct = new SqliteOrchestrationServiceSettings();
        Set(direct);
        var fromConstructor = ConstructorVerdict(() => direct.Validate());

        Assert.Equal((valid, valid, valid), (fromHostJson is null, fromBuilder is null, fromConstructor is null));
        if (!valid)
        {
            Assert.Contains(key, fromHostJson, StringComparison.Ordinal);
            Assert.Contains($"{property} (host.json storageProvider.{key}): must be", fromBuilder, StringComparison.Ordinal);
            Assert.Contains($"{property} must be", fromConstructor, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("00:00:10", "00:00:02", false, false)]
    [InlineData("00:01:30", "00:00:10", false, false)]
    [InlineData("00:00:10", "00:00:02", true, true)]
    [InlineData("00:00:20", "00:00:20", false, false)]
    [InlineData("00:00:20", "00:00:05", false, true)]
    public void AzureStorageLease_HostJsonAndBuilder_SameVerdict(string duration, string renew, bool table, bool valid)
    {
        var (leaseDuration, leaseRenew) = (TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Parse(renew, System.Globalization.CultureInfo.InvariantCulture));

        var fromHostJson = HostJsonVerdict($$"""
            { "extensions": { "durableTask": { "storageProvider": { "type": "AzureStorage", "partitionLeaseDuration": "{{duration}}",
              "partitionLeaseRenewInterval": "{{renew}}", "useTablePartitionManagement": {{(table ? "true" : "false")}} } } } }
            """);
        var fromBuilder = BuilderVerdict<AzureStorageOrchestrationServiceSettings>(
            b => b.UseAzureStorage("UseDevelopmentStorage=true", s => (s.LeaseInterval, s.LeaseRenewInterval, s.UseTablePartitionManagement) = (leaseDuration, leaseRenew, table)));

        Assert.Equal((valid, valid), (fromHostJson is null, fromBuilder is null));
        if (!valid)
        {
            Assert.Contains("partitionLease", fromHostJson, StringComparison.Ordinal);
            Assert.Contains("(host.json storageProvider.partitionLease", fromBuilder, StringComparison.Ordinal);
        }
    }

    private static string? HostJsonVerdict(string json)
    {
        try
        {
            HostJson.Parse(json, "host.json", Path.GetTempPath());
            return null;
        }
        catch (HostJsonException ex)
        {
            return ex.Message;
        }
    }

    private static string? BuilderVerdict<T>(Action<IDurableEngineBuilder> use)
        where T : class
    {
        var builder = new ServiceCollection().AddDurableTaskEngine();
        use(builder);
        using var provider = builder.Services.BuildServiceProvider();
        try
        {
            // The options the validators check, as the host's start does (ValidateOnStart), without opening a store.
            _ = provider.GetRequiredService<IOptions<T>>().Value;
            return null;
        }
        catch (OptionsValidationException failure)
        {
            return string.Join(" ", failure.Failures);
        }
    }

    private static string? ConstructorVerdict(Action construct)
    {
        try
        {
            construct();
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    [Fact]
    public void SqliteService_HalfSecondLock_RefusedByItsConstructorNamingTheSetting()
    {
        var settings = new SqliteOrchestrationServiceSettings { Path = Path.Combine(Path.GetTempPath(), "verdict.db"), OrchestrationLockTimeout = TimeSpan.FromMilliseconds(500) };

        var ex = Assert.Throws<ArgumentException>(() => new SqliteOrchestrationService(settings));

        Assert.Equal(nameof(SqliteOrchestrationServiceSettings.OrchestrationLockTimeout), ex.ParamName);
        Assert.Contains("OrchestrationLockTimeout must be at least 00:00:01", ex.Message, StringComparison.Ordinal);
    }
}
