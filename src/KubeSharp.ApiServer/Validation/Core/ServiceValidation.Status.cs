using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class ServiceValidation
{
    /// <summary>upstream <c>ValidateServiceStatusUpdate</c>.</summary>
    public static FieldErrorList ValidateStatusUpdate(Service service, Service old)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(service.Metadata, old.Metadata, FieldPath.Root("metadata"));
        var ingressPath = FieldPath.Root("status", "loadBalancer").Child("ingress");
        var ingress = service.Status.LoadBalancer.Ingress;
        if (service.Spec.Type != "LoadBalancer" && ingress is { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden(ingressPath, "may only be used when `spec.type` is 'LoadBalancer'"));
            return errors;
        }

        for (var i = 0; i < (ingress?.Count ?? 0); i++)
        {
            var p = ingressPath.Index(i);
            var entry = ingress![i];
            if (entry.Ip.Length > 0)
            {
                errors.AddRange(ValueValidation.IsValidIP(p.Child("ip"), entry.Ip));
            }

            if (entry.IpMode is null)
            {
                if (entry.Ip.Length > 0)
                {
                    errors.Add(FieldError.Required(p.Child("ipMode"), "must be specified when `ip` is set"));
                }
            }
            else if (entry.Ip.Length == 0)
            {
                errors.Add(FieldError.Forbidden(p.Child("ipMode"), "may not be specified when `ip` is not set"));
            }
            else if (entry.IpMode is not ("VIP" or "Proxy"))
            {
                errors.Add(FieldError.NotSupported(p.Child("ipMode"), entry.IpMode, ["Proxy", "VIP"]));
            }

            if (entry.Hostname.Length > 0)
            {
                CommonValidation.DNS1123Subdomain(errors, entry.Hostname, p.Child("hostname"));
                if (GoIPLike(entry.Hostname))
                {
                    errors.Add(FieldError.Invalid(p.Child("hostname"), entry.Hostname, "must be a DNS name, not an IP address"));
                }
            }
        }

        return errors;
    }
}
