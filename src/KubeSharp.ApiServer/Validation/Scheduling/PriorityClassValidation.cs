using System.Globalization;
using KubeSharp.Api.Scheduling.V1;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Validation.Core;

namespace KubeSharp.ApiServer.Validation.Scheduling;

/// <summary>upstream's PriorityClass rules (value range, reserved system names, preemptionPolicy).</summary>
public static class PriorityClassValidation
{
    /// <summary>upstream <c>HighestUserDefinablePriority</c>.</summary>
    public const int HighestUserDefinablePriority = 1_000_000_000;

    private static readonly (string Name, int Value)[] SystemClasses =
        [("system-node-critical", 2_000_001_000), ("system-cluster-critical", 2_000_000_000)];

    /// <summary>upstream <c>ValidatePriorityClass</c>.</summary>
    public static FieldErrorList Validate(PriorityClass pc)
    {
        ArgumentNullException.ThrowIfNull(pc);
        var errors = ObjectMetaValidation.Validate(pc.Metadata, false, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
        if (pc.Metadata.Name.StartsWith("system-", StringComparison.Ordinal))
        {
            if (KnownSystemClassError(pc) is { } error)
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("metadata", "name"),
                    "priority class names with 'system-' prefix are reserved for system use only. error: " + error));
            }
        }
        else if (pc.Value > HighestUserDefinablePriority)
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root("value"),
                string.Create(CultureInfo.InvariantCulture, $"maximum allowed value of a user defined priority is {HighestUserDefinablePriority}")));
        }

        if (pc.PreemptionPolicy is { } policy)
        {
            PodValidation.PreemptionPolicy(errors, policy, FieldPath.Root("preemptionPolicy"));
        }

        return errors;
    }

    /// <summary>upstream <c>ValidatePriorityClassUpdate</c>: value and preemptionPolicy are immutable.</summary>
    public static FieldErrorList ValidateUpdate(PriorityClass pc, PriorityClass old)
    {
        ArgumentNullException.ThrowIfNull(pc);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(pc.Metadata, old.Metadata, FieldPath.Root("metadata"));
        if (pc.Value != old.Value)
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root("value"), "may not be changed in an update."));
        }

        CommonValidation.Immutable(errors, pc.PreemptionPolicy == old.PreemptionPolicy, (object?)pc.PreemptionPolicy ?? "null", FieldPath.Root("preemptionPolicy"));
        return errors;
    }

    private static string? KnownSystemClassError(PriorityClass pc)
    {
        foreach (var (name, value) in SystemClasses)
        {
            if (name != pc.Metadata.Name)
            {
                continue;
            }

            if (value != pc.Value)
            {
                return string.Create(CultureInfo.InvariantCulture, $"value of {name} PriorityClass must be {value}");
            }

            return pc.GlobalDefault ? "globalDefault of " + name + " PriorityClass must be false" : null;
        }

        return pc.Metadata.Name + " is not a known system priority class";
    }
}
