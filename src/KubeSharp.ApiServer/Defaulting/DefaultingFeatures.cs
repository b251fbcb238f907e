namespace KubeSharp.ApiServer.Defaulting;

/// <summary>
/// The feature gates that change what upstream's defaulting writes. <see cref="Kubernetes132"/> holds the
/// values a v1.32 API server runs with unless told otherwise (<c>--feature-gates</c>).
/// </summary>
public sealed record DefaultingFeatures
{
    /// <summary>The v1.32 defaults of every gate below.</summary>
    public static DefaultingFeatures Kubernetes132 { get; } = new();

    /// <summary><c>JobPodReplacementPolicy</c> (beta, on): a Job's <c>podReplacementPolicy</c> defaults to
    /// <c>Failed</c> with a pod failure policy, else <c>TerminatingOrFailed</c>.</summary>
    public bool JobPodReplacementPolicy { get; init; } = true;

    /// <summary><c>StatefulSetAutoDeletePVC</c> (on): a StatefulSet's
    /// <c>persistentVolumeClaimRetentionPolicy</c> defaults to Retain/Retain.</summary>
    public bool StatefulSetAutoDeletePvc { get; init; } = true;

    /// <summary><c>MaxUnavailableStatefulSet</c> (alpha, off): a StatefulSet's rolling update gets
    /// <c>maxUnavailable: 1</c>.</summary>
    public bool MaxUnavailableStatefulSet { get; init; }

    /// <summary><c>LoadBalancerIPMode</c> (on): a LoadBalancer Service's status ingress with an IP gets
    /// <c>ipMode: VIP</c>.</summary>
    public bool LoadBalancerIPMode { get; init; } = true;

    /// <summary><c>SELinuxMountReadWriteOncePod</c> (beta, on): a CSIDriver's <c>seLinuxMount</c> defaults to false.</summary>
    public bool SELinuxMountReadWriteOncePod { get; init; } = true;

    /// <summary><c>ImageVolume</c> (alpha, off): an image volume's <c>pullPolicy</c> defaults from its tag.</summary>
    public bool ImageVolume { get; init; }

    /// <summary><c>InPlacePodVerticalScaling</c> (alpha, off): containers with cpu/memory requests get a
    /// <c>resizePolicy</c> of <c>NotRequired</c> for each.</summary>
    public bool InPlacePodVerticalScaling { get; init; }
}
