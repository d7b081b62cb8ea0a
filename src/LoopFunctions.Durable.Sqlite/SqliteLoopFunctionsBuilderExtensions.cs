using LoopFunctions.Durable.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Durable.Sqlite;

/// <summary><c>services.AddLoopFunctions().UseSqlite(o =&gt; o.Path = "store.db")</c>.</summary>
public static class SqliteLoopFunctionsBuilderExtensions
{
    /// <summary>Uses the embedded SQLite store. The hub name defaults to <see cref="DurableTaskOptions.HubName"/>.</summary>
    public static ILoopFunctionsBuilder UseSqlite(this ILoopFunctionsBuilder builder, Action<SqliteStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.UseStore(sp =>
        {
            var options = new SqliteStoreOptions { HubName = sp.GetRequiredService<IOptions<DurableTaskOptions>>().Value.HubName };
            configure(options);
            return new SqliteDurableStore(options, sp.GetRequiredService<TimeProvider>());
        });
    }
}
