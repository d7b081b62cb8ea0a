using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Triggers;

/// <summary>Registers <see cref="TriggerOptions"/> for a host that takes them from its container.</summary>
public static class TriggerServiceCollectionExtensions
{
    /// <summary>Binds <see cref="TriggerOptions"/> to the container's configuration (section <c>LoopFunctions</c>),
    /// applies <see cref="TriggerOptions.ApplyFallbacks"/>, checks <see cref="TriggerOptionsValidator"/> when the host
    /// starts, and serves the result as a plain <see cref="TriggerOptions"/> too (what the webhooks take).</summary>
    public static OptionsBuilder<TriggerOptions> AddTriggerOptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TriggerOptions>, TriggerOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<TriggerOptions>>().Value);
        return services.AddOptions<TriggerOptions>()
            .BindConfiguration(TriggerOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => TriggerOptions.ApplyFallbacks(options, configuration))
            .ValidateOnStart();
    }
}
