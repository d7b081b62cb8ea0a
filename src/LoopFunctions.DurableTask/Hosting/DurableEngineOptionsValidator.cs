using Microsoft.Extensions.Options;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>Checks <see cref="DurableEngineOptions"/> at start, naming each bad setting.</summary>
internal sealed class DurableEngineOptionsValidator : IValidateOptions<DurableEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, DurableEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.DataConverter is null)
        {
            errors.Add("DurableEngineOptions.DataConverter: required.");
        }

        if (options.MaxPayloadBytes < 1024)
        {
            errors.Add($"DurableEngineOptions.MaxPayloadBytes: must be at least 1024 (was {options.MaxPayloadBytes}).");
        }

        if (options.MaxStatusPollingInterval <= TimeSpan.Zero)
        {
            errors.Add($"DurableEngineOptions.MaxStatusPollingInterval: must be more than zero (was {options.MaxStatusPollingInterval}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
