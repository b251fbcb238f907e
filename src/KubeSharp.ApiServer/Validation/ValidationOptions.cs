namespace KubeSharp.ApiServer.Validation;

/// <summary>
/// Cluster-level switches that change what validation accepts, mirroring the flags and feature gates
/// upstream's validators consult (for example <c>--allow-privileged</c>).
/// </summary>
/// <remarks>Immutable; share <see cref="Default"/> unless a flag differs.</remarks>
public sealed record ValidationOptions
{
    /// <summary>The defaults of a KubeSharp server: privileged containers allowed (as k3s does).</summary>
    public static ValidationOptions Default { get; } = new();

    /// <summary>
    /// upstream <c>capabilities.AllowPrivileged</c>; when false a container with
    /// <c>securityContext.privileged: true</c> gets <c>Forbidden: disallowed by cluster policy</c>.
    /// </summary>
    public bool AllowPrivileged { get; init; } = true;
}
