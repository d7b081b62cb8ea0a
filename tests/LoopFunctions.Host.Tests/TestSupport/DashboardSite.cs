namespace LoopFunctions.Host.Tests.TestSupport;

/// <summary>What every dashboard test starts from: a real host with the quick and gated loops behind a function key,
/// and headless Chromium to open its dashboard.</summary>
internal static class DashboardSite
{
    /// <param name="prepare">Writes what else the test needs (scripts, loops) before the host starts.</param>
    public static async Task<(HostSandbox Sandbox, HeadlessBrowser Browser)> StartAsync(string key, Action<HostSandbox>? prepare = null)
    {
        var sandbox = await HostSandbox.CreateAsync();
        try
        {
            sandbox.WriteQuickAndGatedLoops();
            prepare?.Invoke(sandbox);
            await sandbox.StartHostAsync(new Dictionary<string, string?> { ["LoopFunctions:Keys"] = key }, key: key);
            return (sandbox, await HeadlessBrowser.LaunchAsync());
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    public static async Task StopAsync(HostSandbox? sandbox, HeadlessBrowser? browser)
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        if (sandbox is not null)
        {
            await sandbox.DisposeAsync();
        }
    }
}
