using KubeSharp.Api.Registry;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// The built-in resources this server serves: the registry's, minus those the schema snapshot (newer than v1.32)
/// has as GA but upstream v1.32 does not serve by default (alpha or beta there, or not yet in the API). Discovery and
/// the REST catalog both use it, so `kubectl api-resources` lists what a v1.32 cluster lists.
/// </summary>
public static class ServedApi
{
    private static readonly HashSet<(string Group, string Resource)> NotServedInV132 =
    [
        ("admissionregistration.k8s.io", "mutatingadmissionpolicies"),
        ("admissionregistration.k8s.io", "mutatingadmissionpolicybindings"),
        ("certificates.k8s.io", "clustertrustbundles"),
        ("certificates.k8s.io", "podcertificaterequests"),
        ("networking.k8s.io", "ipaddresses"),
        ("networking.k8s.io", "servicecidrs"),
        ("resource.k8s.io", "deviceclasses"),
        ("resource.k8s.io", "devicetaintrules"),
        ("resource.k8s.io", "resourceclaims"),
        ("resource.k8s.io", "resourceclaimtemplates"),
        ("resource.k8s.io", "resourceslices"),
        ("storage.k8s.io", "volumeattributesclasses"),
        ("storagemigration.k8s.io", "storageversionmigrations"),
    ];

    private static readonly Lazy<ResourceRegistry> Served = new(() =>
        new ResourceRegistry(ResourceRegistry.Default.Resources.Where(r => !NotServedInV132.Contains((r.Group, r.Resource)))));

    public static ResourceRegistry Registry => Served.Value;
}
