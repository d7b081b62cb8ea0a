using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.Entities;
using Newtonsoft.Json;

namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>
/// A core orchestration talking to an entity the way DTFx's entity context does: input <c>[entityId, signals, op]</c>
/// sends <c>next 1..signals</c> as one-way signals, then calls <c>op</c> and returns its result (or <c>error:</c> and
/// the failure type).
/// </summary>
internal sealed class EntityCaller : TaskOrchestration
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _waiting = new(StringComparer.Ordinal);

    public override async Task<string> Execute(OrchestrationContext context, string input)
    {
        var args = JsonConvert.DeserializeObject<string[]>(input)!;
        var target = new OrchestrationInstance { InstanceId = args[0] };
        var self = context.OrchestrationInstance;
        var entities = new OrchestrationEntityContext(self.InstanceId, self.ExecutionId, context);
        var signals = int.Parse(args[1], CultureInfo.InvariantCulture);
        for (var i = 1; i <= signals; i++)
        {
            var signal = entities.EmitRequestMessage(target, "next", oneWay: true, Id(self, i), null, i.ToString(CultureInfo.InvariantCulture));
            context.SendEvent(signal.TargetInstance, signal.EventName, signal.AsRawInput());
        }

        var callId = Id(self, 0);
        var response = _waiting.GetOrAdd(callId.ToString(), _ => new TaskCompletionSource<string>());
        var call = entities.EmitRequestMessage(target, args[2], oneWay: false, callId, null, null);
        context.SendEvent(call.TargetInstance, call.EventName, call.AsRawInput());
        var result = entities.DeserializeEntityResponseEvent(await response.Task);
        return JsonConvert.SerializeObject(result.IsError ? "error: " + (result.FailureDetails?.ErrorType ?? result.ErrorMessage) : result.Result);
    }

    public override void RaiseEvent(OrchestrationContext context, string name, string input) =>
        _waiting.GetOrAdd(name, _ => new TaskCompletionSource<string>()).TrySetResult(input);

    public override string GetStatus() => null!;

    /// <summary>Request ids from the execution: the same on every replay.</summary>
    private static Guid Id(OrchestrationInstance self, int n) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(self.ExecutionId + "/" + n.ToString(CultureInfo.InvariantCulture))).AsSpan(0, 16));
}
