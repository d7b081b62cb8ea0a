using System.Text.Json.Nodes;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.Functions.Tests.TestSupport;

namespace LoopFunctions.Functions.Tests.Infra;

/// <summary>
/// The deployment order of infra/functions.bicep, checked on the ARM template <c>bicep build</c> makes of it with
/// symbolic resource names (so <c>dependsOn</c> names resources): the graph Azure Resource Manager deploys in waves,
/// without a subscription. Nothing here deploys or asks Azure (no what-if); it checks what ARM would be told.
/// </summary>
public sealed class FunctionsTemplateGraphTests
{
    private static readonly Lazy<Task<JsonObject>> Template = new(BuildAsync);

    [Fact]
    public async Task Graph_EveryDependency_NamesAResourceAndHasNoCycle()
    {
        var resources = await ResourcesAsync();

        var order = DeploymentWaves(resources);

        Assert.Equal(resources.Count, order.Count);
    }

    [Fact]
    public async Task App_DeployedAfterItsVaultRoleStorageRolesAndSecrets()
    {
        var resources = await ResourcesAsync();
        var app = Assert.Single(resources, r => Type(r.Value) == "Microsoft.Web/sites").Key;
        var before = Closure(resources, app);

        var roles = resources.Where(r => Type(r.Value) == "Microsoft.Authorization/roleAssignments").Select(r => r.Key).ToList();
        Assert.Equal(2, roles.Count);
        Assert.All(roles, role => Assert.Contains(role, before));
        Assert.All(resources.Where(r => Type(r.Value) == "Microsoft.KeyVault/vaults/secrets"), secret => Assert.Contains(secret.Key, before));
        Assert.Contains(resources.Single(r => Type(r.Value) == "Microsoft.Storage/storageAccounts/fileServices/shares" && Name(r.Value).Contains("contentShare", StringComparison.Ordinal)).Key, before);
        var waves = DeploymentWaves(resources);
        Assert.All(roles, role => Assert.True(waves[role] < waves[app], $"{role} (wave {waves[role]}) is not deployed before the app (wave {waves[app]})"));
    }

    [Fact]
    public async Task Roles_GrantedToAnIdentityThatExistsBeforeTheApp()
    {
        var resources = await ResourcesAsync();
        var identity = Assert.Single(resources, r => Type(r.Value) == "Microsoft.ManagedIdentity/userAssignedIdentities").Key;
        var app = resources.Single(r => Type(r.Value) == "Microsoft.Web/sites");

        foreach (var role in resources.Where(r => Type(r.Value) == "Microsoft.Authorization/roleAssignments"))
        {
            var principal = role.Value!["properties"]!["principalId"]!.GetValue<string>();
            Assert.Contains($"reference('{identity}')", principal, StringComparison.Ordinal);
            Assert.DoesNotContain($"'{app.Key}'", principal, StringComparison.Ordinal);
        }

        var properties = app.Value!["properties"]!;
        Assert.Contains($"resourceId('Microsoft.ManagedIdentity/userAssignedIdentities'", properties["keyVaultReferenceIdentity"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("UserAssigned", app.Value["identity"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ContentShareSetting_ReferencedFromKeyVault_SkipsTheCreationValidation()
    {
        var template = await Template.Value;
        var settings = template["variables"]!.AsObject().Select(v => v.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : "")
            .Single(v => v.Contains("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", StringComparison.Ordinal));

        Assert.Contains("@Microsoft.KeyVault(", settings, StringComparison.Ordinal);
        Assert.Contains("'WEBSITE_SKIP_CONTENTSHARE_VALIDATION', 'value', '1'", settings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppSettings_AzureStorageScaleOutValues_TheOnesLoopfnServeDefaultsTo()
    {
        var app = (await ResourcesAsync()).Values.Single(r => Type(r) == "Microsoft.Web/sites");
        var settings = app!["properties"]!["siteConfig"]!["appSettings"]!.GetValue<string>();
        const string Provider = "AzureFunctionsJobHost__extensions__durableTask__storageProvider__";

        Assert.Contains($"'{Provider}controlQueueVisibilityTimeout', 'value', '{AzureStorageScaleOut.ControlQueueVisibilityTimeout:c}'", settings, StringComparison.Ordinal);
        Assert.Contains($"'{Provider}workItemQueueVisibilityTimeout', 'value', '{AzureStorageScaleOut.WorkItemQueueVisibilityTimeout:c}'", settings, StringComparison.Ordinal);
        Assert.Contains($"'{Provider}controlQueueBufferThreshold', 'value', '{AzureStorageScaleOut.ControlQueueBufferThreshold}'", settings, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, JsonNode?>> ResourcesAsync() =>
        (await Template.Value)["resources"]!.AsObject().ToDictionary(r => r.Key, r => r.Value);

    private static string Type(JsonNode? resource) => resource!["type"]!.GetValue<string>();

    private static string Name(JsonNode? resource) => resource!["name"]!.GetValue<string>();

    private static IEnumerable<string> DependsOn(JsonNode? resource) =>
        resource!["dependsOn"]?.AsArray().Select(d => d!.GetValue<string>()) ?? [];

    /// <summary>Every resource <paramref name="name"/> waits for, directly or not.</summary>
    private static HashSet<string> Closure(Dictionary<string, JsonNode?> resources, string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(DependsOn(resources[name]));
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var dependency in DependsOn(resources[next]))
                {
                    pending.Push(dependency);
                }
            }
        }

        return seen;
    }

    /// <summary>The wave each resource is deployed in, as ARM schedules a template: a resource starts once everything
    /// it depends on is done. Fails on a dependency that names no resource or on a cycle.</summary>
    private static Dictionary<string, int> DeploymentWaves(Dictionary<string, JsonNode?> resources)
    {
        var waves = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, resource) in resources)
        {
            Assert.All(DependsOn(resource), d => Assert.True(resources.ContainsKey(d), $"{name} depends on {d}, which is not in the template"));
        }

        for (var wave = 0; waves.Count < resources.Count; wave++)
        {
            var ready = resources.Keys.Where(n => !waves.ContainsKey(n) && DependsOn(resources[n]).All(d => waves.TryGetValue(d, out var w) && w < wave)).ToList();
            Assert.True(ready.Count > 0, "a dependency cycle among " + string.Join(", ", resources.Keys.Where(n => !waves.ContainsKey(n))));
            foreach (var name in ready)
            {
                waves[name] = wave;
            }
        }

        return waves;
    }

    private static async Task<JsonObject> BuildAsync()
    {
        // A copy beside a bicepconfig.json that turns on symbolic names; the repository's templates stay as they are.
        var folder = Directory.CreateTempSubdirectory("loopfn-bicep-");
        try
        {
            File.Copy(Path.Combine(Repository.Root, "infra", "functions.bicep"), Path.Combine(folder.FullName, "functions.bicep"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "bicepconfig.json"), """{"experimentalFeaturesEnabled":{"symbolicNameCodegen":true}}""");
            var (code, output) = await BicepTemplateTests.BicepAsync("build", Path.Combine(folder.FullName, "functions.bicep"), "--stdout");
            Assert.True(code == 0, output);
            var template = JsonNode.Parse(output[..(output.LastIndexOf('}') + 1)])!.AsObject();
            Assert.Equal("2.0", template["languageVersion"]?.GetValue<string>());
            return template;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
