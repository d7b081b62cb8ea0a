using System.ComponentModel;
using System.Globalization;
using LoopFunctions.Triggers.Schedules;

namespace LoopFunctions.Triggers;

/// <summary>Reads <see cref="PastDuePolicy"/> as the setting spells it (<c>run-latest</c>, <c>skip</c>, any case), so the
/// configuration binder reads <c>LoopFunctions:Schedules:PastDue</c> as <see cref="TriggerOptions.ParsePastDue"/> does.</summary>
public sealed class PastDuePolicyConverter : EnumConverter
{
    public PastDuePolicyConverter()
        : base(typeof(PastDuePolicy))
    {
    }

    /// <exception cref="TriggerConfigurationException">Not <c>run-latest</c> or <c>skip</c>.</exception>
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? TriggerOptions.ParsePastDue(text) : base.ConvertFrom(context, culture, value);
}
