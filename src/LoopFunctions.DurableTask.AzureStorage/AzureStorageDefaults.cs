using DurableTask.AzureStorage;
using LoopFunctions.DurableTask.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoopFunctions.DurableTask.AzureStorage;

/// <summary>LoopFunctions' defaults for Azure Storage, applied before the caller's configuration: the hub name,
/// Durable Functions' concurrency (10 per processor) instead of DTFx's ("Default", 10 and 100), and the container's
/// logger factory (DTFx's default logs nowhere), a worker id per process (machine name and process id), and the
/// visibility timeouts and buffer of <see cref="AzureStorageScaleOut"/>.</summary>
internal sealed class AzureStorageDefaults(IServiceProvider services) : IConfigureOptions<AzureStorageOrchestrationServiceSettings>
{
    public void Configure(AzureStorageOrchestrationServiceSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TaskHubName = HostJsonSettings.DefaultHubName;
        options.MaxConcurrentTaskActivityWorkItems = 10 * Environment.ProcessorCount;
        options.MaxConcurrentTaskOrchestrationWorkItems = 10 * Environment.ProcessorCount;

        // Shorter than Durable Functions' defaults: the stall a partition move costs (AzureStorageScaleOut says why).
        options.ControlQueueVisibilityTimeout = AzureStorageScaleOut.ControlQueueVisibilityTimeout;
        options.WorkItemQueueVisibilityTimeout = AzureStorageScaleOut.WorkItemQueueVisibilityTimeout;
        options.ControlQueueBufferThreshold = AzureStorageScaleOut.ControlQueueBufferThreshold;

        // Durable Functions' default (DTFx's is the table manager): blob leases balanced by the safe partition manager.
        options.UseTablePartitionManagement = false;

        // DTFx names partition owners by WorkerId, whose default is the machine name: several loopfn serve processes
        // on one machine would then all believe they own the same partitions. The process id tells them apart.
        options.WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}";
        if (services.GetService(typeof(ILoggerFactory)) is ILoggerFactory loggers)
        {
            options.LoggerFactory = loggers;
        }
    }
}
