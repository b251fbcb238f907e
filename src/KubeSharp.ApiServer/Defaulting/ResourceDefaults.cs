using KubeSharp.Api.Resource.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>
/// Defaults of <c>resource.k8s.io/v1</c> (dynamic resource allocation; the v1 API is newer than v1.32, so
/// these follow the upstream release that introduced it): device requests allocate ExactCount with a count
/// of 1, tolerations use operator Equal. A device taint's <c>timeAdded</c> (the current time) needs the
/// server's clock and is left to the registry.
/// </summary>
internal static class ResourceDefaults
{
    /// <summary>Defaults the device requests of a ResourceClaim.</summary>
    public static void ResourceClaim(ResourceClaim claim) => Claim(claim.Spec.Devices);

    /// <summary>Defaults the device requests of a ResourceClaimTemplate.</summary>
    public static void ResourceClaimTemplate(ResourceClaimTemplate template) => Claim(template.Spec.Spec.Devices);

    private static void Claim(DeviceClaim devices)
    {
        foreach (var request in devices.Requests ?? [])
        {
            if (request.Exactly is { } exactly)
            {
                (exactly.AllocationMode, exactly.Count) = Allocation(exactly.AllocationMode, exactly.Count);
                Tolerations(exactly.Tolerations);
            }
            foreach (var subRequest in request.FirstAvailable ?? [])
            {
                (subRequest.AllocationMode, subRequest.Count) = Allocation(subRequest.AllocationMode, subRequest.Count);
                Tolerations(subRequest.Tolerations);
            }
        }
    }

    private static (string Mode, long Count) Allocation(string mode, long count)
    {
        if (mode.Length == 0)
        {
            mode = "ExactCount";
        }
        return (mode, mode == "ExactCount" && count == 0 ? 1 : count);
    }

    // +default="Equal" on DeviceToleration.operator.
    private static void Tolerations(List<DeviceToleration>? tolerations)
    {
        foreach (var toleration in tolerations ?? [])
        {
            if (toleration.Operator.Length == 0)
            {
                toleration.Operator = DeviceTolerationOperator.DeviceTolerationOpEqual;
            }
        }
    }
}
