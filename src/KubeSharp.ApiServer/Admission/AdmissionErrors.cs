using KubeSharp.ApiServer.Errors;

namespace KubeSharp.ApiServer.Admission;

/// <summary>Upstream's admission.NewForbidden: 403 naming the resource (without subresource) and the request's name;
/// for a create without one (generateName), the generateName while mutating (upstream generates the name after the
/// mutating plugins) and the generated name while validating; "Unknown" when there is nothing.</summary>
public static class AdmissionErrors
{
    public static ApiStatusException Forbidden(AdmissionAttributes attributes, string reason)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return ApiErrors.Forbidden(attributes.Resource.GroupResource, ResourceName(attributes), reason);
    }

    private static string ResourceName(AdmissionAttributes attributes)
    {
        if (attributes.Name.Length > 0)
        {
            return attributes.Name;
        }
        if (attributes.Object?.Metadata is not { } meta)
        {
            return "Unknown";
        }
        if (!attributes.Validating && meta.GenerateName.Length > 0)
        {
            return meta.GenerateName;
        }
        return meta.Name.Length > 0 ? meta.Name : meta.GenerateName.Length > 0 ? meta.GenerateName : "Unknown";
    }
}
