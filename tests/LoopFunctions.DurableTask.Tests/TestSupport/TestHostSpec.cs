using LoopFunctions.DurableTask.Hosting;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.DurableTask.Tests.TestSupport;

/// <summary>How to build a <see cref="TestHost"/>: the backend (invoked again, on the same store, by a restart), the
/// tasks, extra services and options.</summary>
internal sealed record TestHostSpec(Action<IDurableEngineBuilder> Backend, Action<DurableTaskRegistry> Tasks)
{
    public Action<IServiceCollection>? Services { get; init; }

    public Action<DurableEngineOptions>? Options { get; init; }
}
