using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class ServiceValidation
{
    private static void ServicePortRules(FieldErrorList errors, ServicePort port, bool requireName, HashSet<string> names, FieldPath path)
    {
        if (requireName && port.Name.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("name"), string.Empty));
        }
        else if (port.Name.Length != 0)
        {
            CommonValidation.DNS1123Label(errors, port.Name, path.Child("name"));
            if (!names.Add(port.Name))
            {
                errors.Add(FieldError.Duplicate(path.Child("name"), port.Name));
            }
        }

        foreach (var msg in ValueValidation.IsValidPortNum(port.Port))
        {
            errors.Add(FieldError.Invalid(path.Child("port"), port.Port, msg));
        }

        if (port.Protocol.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("protocol"), string.Empty));
        }
        else if (!SupportedProtocols.Contains(port.Protocol, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path.Child("protocol"), port.Protocol, SupportedProtocols));
        }

        PodValidation.PortNumOrName(errors, port.TargetPort, path.Child("targetPort"));
        if (port.AppProtocol is { } appProtocol)
        {
            CommonValidation.QualifiedName(errors, appProtocol, path.Child("appProtocol"));
        }
    }

    private static void ExternalTrafficPolicy(FieldErrorList errors, Service service)
    {
        var spec = FieldPath.Root("spec");
        if (!ExternallyAccessible(service))
        {
            if (service.Spec.ExternalTrafficPolicy.Length != 0)
            {
                errors.Add(FieldError.Invalid(spec.Child("externalTrafficPolicy"), service.Spec.ExternalTrafficPolicy, "may only be set for externally-accessible services"));
            }
        }
        else if (service.Spec.ExternalTrafficPolicy.Length == 0)
        {
            errors.Add(FieldError.Required(spec.Child("externalTrafficPolicy"), string.Empty));
        }
        else if (service.Spec.ExternalTrafficPolicy is not ("Cluster" or "Local"))
        {
            errors.Add(FieldError.NotSupported(spec.Child("externalTrafficPolicy"), service.Spec.ExternalTrafficPolicy, ["Cluster", "Local"]));
        }

        if (!NeedsHealthCheck(service))
        {
            if (service.Spec.HealthCheckNodePort != 0)
            {
                errors.Add(FieldError.Invalid(spec.Child("healthCheckNodePort"), service.Spec.HealthCheckNodePort,
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
            }
        }
        else if (service.Spec.HealthCheckNodePort == 0)
        {
            errors.Add(FieldError.Required(spec.Child("healthCheckNodePort"), string.Empty));
        }
        else
        {
            foreach (var msg in ValueValidation.IsValidPortNum(service.Spec.HealthCheckNodePort))
            {
                errors.Add(FieldError.Invalid(spec.Child("healthCheckNodePort"), service.Spec.HealthCheckNodePort, msg));
            }
        }
    }

    private static void LoadBalancerClass(FieldErrorList errors, Service? old, Service service)
    {
        var path = FieldPath.Root("spec", "loadBalancerClass");
        if (old is not null)
        {
            if (old.Spec.Type == "LoadBalancer" && service.Spec.Type == "LoadBalancer" && old.Spec.LoadBalancerClass != service.Spec.LoadBalancerClass)
            {
                errors.Add(FieldError.Invalid(path, service.Spec.LoadBalancerClass ?? "null", "may not change once set"));
            }

            return;
        }

        if (service.Spec.LoadBalancerClass is { } lbClass)
        {
            if (service.Spec.Type != "LoadBalancer")
            {
                errors.Add(FieldError.Forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
            }
            else
            {
                CommonValidation.QualifiedName(errors, lbClass, path);
            }
        }
    }
}
