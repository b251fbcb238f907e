using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Errors;

namespace KubeSharp.ApiServer.Admission;

/// <summary>Upstream's admission.NewForbidden: 403 naming the resource (with its subresource) and the request's name,
/// or the object's when the request has none.</summary>
public static class AdmissionErrors
{
    public static ApiStatusException Forbidden(AdmissionAttributes attributes, string reason)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var resource = attributes.Resource.GroupResource;
        if (attributes.Subresource.Length > 0)
        {
            resource = new GroupResource(resource.Group, resource.Resource + "/" + attributes.Subresource);
        }
        var name = attributes.Name.Length > 0 ? attributes.Name : attributes.Object?.Metadata.Name ?? "";
        return ApiErrors.Forbidden(resource, name, reason);
    }
}
