using System.Reflection;
using Newtonsoft.Json.Serialization;

namespace LoopFunctions.DurableTask.Sqlite.Serialization;

/// <summary>
/// Builds DTFx types that have no parameterless constructor and several public ones (e.g. ExecutionRewoundEvent)
/// through their widest constructor, arguments matched to members by name, then sets the remaining members; without
/// this Newtonsoft refuses them.
/// </summary>
internal sealed class DurableContractResolver : DefaultContractResolver
{
    public static DurableContractResolver Instance { get; } = new();

    protected override JsonObjectContract CreateObjectContract(Type objectType)
    {
        var contract = base.CreateObjectContract(objectType);
        if (contract.DefaultCreator is null && contract.OverrideCreator is null && contract.CreatorParameters.Count == 0 && !objectType.IsAbstract
            && objectType.GetConstructors(BindingFlags.Public | BindingFlags.Instance).MaxBy(c => c.GetParameters().Length) is { } widest)
        {
            contract.OverrideCreator = widest.Invoke;
            foreach (var parameter in CreateConstructorParameters(widest, contract.Properties))
            {
                contract.CreatorParameters.Add(parameter);
            }
        }

        return contract;
    }
}
