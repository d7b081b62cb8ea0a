using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace LoopFunctions.Triggers.Tests.TestSupport;

/// <summary>A mocked <see cref="DurableTaskClient"/> that records starts and raised events and refuses a start whose
/// id an earlier start (or a seeded instance) holds with a dedupe status.</summary>
public sealed class FakeClient
{
    private readonly Dictionary<string, OrchestrationMetadata> _instances = new(StringComparer.Ordinal);

    public FakeClient()
    {
        Mock = new Mock<DurableTaskClient>(MockBehavior.Strict, "test");
        Mock.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((TaskName name, object? input, StartOrchestrationOptions? options, CancellationToken _) =>
            {
                var id = options?.InstanceId ?? Guid.NewGuid().ToString("N");
                if (_instances.TryGetValue(id, out var existing) && (options?.DedupeStatuses ?? []).Contains(existing.RuntimeStatus.ToString()))
                {
                    throw new OrchestrationAlreadyExistsException($"{id} is {existing.RuntimeStatus}");
                }

                Starts.Add((name.Name, id, input, options));
                _instances[id] = new OrchestrationMetadata(name.Name, id) { RuntimeStatus = OrchestrationRuntimeStatus.Pending };
                return Task.FromResult(id);
            });
        Mock.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns((string id, bool _, CancellationToken _) => Task.FromResult(_instances.GetValueOrDefault(id)));
        Mock.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns((string id, string name, object? payload, CancellationToken _) =>
            {
                Raised.Add((id, name, payload));
                return Task.CompletedTask;
            });
        Mock.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns((OrchestrationQuery? query) => Pageable.Create((string? _, CancellationToken _) =>
                Task.FromResult(new Page<OrchestrationMetadata>(
                    _instances.Values
                        .Where(i => query?.InstanceIdPrefix is not { } prefix || i.InstanceId.StartsWith(prefix, StringComparison.Ordinal))
                        .Where(i => query?.Statuses is not { } statuses || statuses.Contains(i.RuntimeStatus))
                        .ToList()))));
    }

    public Mock<DurableTaskClient> Mock { get; }

    public DurableTaskClient Object => Mock.Object;

    public List<(string Name, string InstanceId, object? Input, StartOrchestrationOptions? Options)> Starts { get; } = [];

    public List<(string InstanceId, string Name, object? Payload)> Raised { get; } = [];

    /// <summary>Adds an existing instance, as if an earlier run had it.</summary>
    public void Seed(OrchestrationMetadata instance) => _instances[instance.InstanceId] = instance;
}
