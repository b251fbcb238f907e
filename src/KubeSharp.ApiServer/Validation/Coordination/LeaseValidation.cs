using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Coordination;

/// <summary>upstream's Lease rules (<c>pkg/apis/coordination/validation</c>).</summary>
public static class LeaseValidation
{
    /// <summary>upstream <c>ValidateLease</c>.</summary>
    public static FieldErrorList Validate(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var errors = ObjectMetaValidation.Validate(lease.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"), kubeFinalizers: false);
        Spec(errors, lease.Spec, FieldPath.Root("spec"));
        return errors;
    }

    /// <summary>upstream <c>ValidateLeaseUpdate</c>.</summary>
    public static FieldErrorList ValidateUpdate(Lease lease, Lease old)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(lease.Metadata, old.Metadata, FieldPath.Root("metadata"), kubeFinalizers: false);
        Spec(errors, lease.Spec, FieldPath.Root("spec"));
        return errors;
    }

    private static void Spec(FieldErrorList errors, LeaseSpec spec, FieldPath path)
    {
        if (spec.LeaseDurationSeconds is { } duration && duration <= 0)
        {
            errors.Add(FieldError.Invalid(path.Child("leaseDurationSeconds"), duration, "must be greater than 0"));
        }

        if (spec.LeaseTransitions is { } transitions && transitions < 0)
        {
            errors.Add(FieldError.Invalid(path.Child("leaseTransitions"), transitions, "must be greater than or equal to 0"));
        }

        if (spec.Strategy is { } strategy && strategy != "OldestEmulationVersion")
        {
            errors.Add(FieldError.NotSupported(path.Child("strategy"), strategy, ["OldestEmulationVersion"]));
        }

        if (spec.PreferredHolder is { Length: > 0 } && string.IsNullOrEmpty(spec.Strategy))
        {
            errors.Add(FieldError.Forbidden(path.Child("preferredHolder"), "may only be specified if `strategy` is defined"));
        }
    }
}
