using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Durable.DependencyInjection;

/// <summary>Checks <see cref="DurableTaskOptions"/> at start, naming each bad setting as host.json spells it.</summary>
internal sealed class DurableTaskOptionsValidator : IValidateOptions<DurableTaskOptions>
{
    public ValidateOptionsResult Validate(string? name, DurableTaskOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static IEnumerable<string> Errors(DurableTaskOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var member = result.MemberNames.FirstOrDefault() ?? "";
            yield return $"extensions.durableTask.{JsonName(member)}: {result.ErrorMessage}";
        }

        foreach (var (member, value) in new[]
        {
            (nameof(options.ActivityLockDuration), options.ActivityLockDuration),
            (nameof(options.OrchestrationLockDuration), options.OrchestrationLockDuration),
            (nameof(options.MaxQueuePollingInterval), options.MaxQueuePollingInterval),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"extensions.durableTask.{JsonName(member)}: must be more than zero (was {value}).";
            }
        }
    }

    private static string JsonName(string member) => member.Length == 0 ? member : char.ToLowerInvariant(member[0]) + member[1..];
}
