using KubeSharp.Api;

namespace KubeSharp.ApiServer.Conversion;

/// <summary>
/// Which served versions convert to which storage versions (upstream serves a resource in every enabled version of
/// its group and stores it in one), and which resources live in another group's storage (upstream's cohabiting
/// resources).
/// </summary>
public static class VersionConverters
{
    /// <summary>The group/resource whose storage a resource shares, or null when it has its own.</summary>
    public static (string Group, string Resource)? CohabitsWith(string group, string resource) => (group, resource) switch
    {
        // events.k8s.io Events are core Events (upstream's storage factory cohabits them under /registry/events).
        ("events.k8s.io", "events") => ("", "events"),
        _ => null,
    };

    /// <summary>The converter from <paramref name="served"/> to <paramref name="storage"/>, or null when there is none
    /// (the version is then not served).</summary>
    public static IVersionConverter? Find(ApiTypeInfo served, ApiTypeInfo storage)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(storage);
        return (served.ApiVersion, served.Kind, storage.ApiVersion, storage.Kind) switch
        {
            ("events.k8s.io/v1", "Event", "v1", "Event") => EventsV1Converter.Instance,
            ("autoscaling/v1", "HorizontalPodAutoscaler", "autoscaling/v2", "HorizontalPodAutoscaler") => HorizontalPodAutoscalerV1Converter.Instance,
            _ => null,
        };
    }
}
