using KubeSharp.Api.ApiExtensions.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>Defaults of the API extension kinds: CustomResourceDefinition (<c>apiextensions.k8s.io/v1</c>)
/// and APIService (<c>apiregistration.k8s.io/v1</c>).</summary>
internal static class ExtensionDefaults
{
    /// <summary>Singular name from the kind (lower case); list kind <c>&lt;Kind&gt;List</c>; conversion
    /// strategy None; webhook service port 443; stored versions from the storage version.</summary>
    public static void CustomResourceDefinition(CustomResourceDefinition definition)
    {
        var spec = definition.Spec;
        var names = spec.Names;
        if (names.Singular.Length == 0)
        {
            names.Singular = names.Kind.ToLowerInvariant();
        }
        if (names.ListKind.Length == 0 && names.Kind.Length > 0)
        {
            names.ListKind = names.Kind + "List";
        }
        spec.Conversion ??= new CustomResourceConversion { Strategy = ConversionStrategyType.NoneConverter };
        if (spec.Conversion.Webhook?.ClientConfig?.Service is { Port: null } service)
        {
            service.Port = 443;
        }
        var status = definition.Status;
        if (status.StoredVersions is null || status.StoredVersions.Count == 0)
        {
            var storage = (spec.Versions ?? []).Find(v => v.Storage);
            if (storage is not null)
            {
                status.StoredVersions = [storage.Name];
            }
        }
    }

    /// <summary>Service port 443.</summary>
    public static void APIService(Api.ApiRegistration.V1.APIService service)
    {
        if (service.Spec.Service is { Port: null } reference)
        {
            reference.Port = 443;
        }
    }
}
