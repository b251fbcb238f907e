using System.Globalization;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

/// <summary>upstream's Service rules (<c>ValidateService</c>, <c>ValidateServiceUpdate</c>, <c>ValidateServiceStatusUpdate</c>).</summary>
public static partial class ServiceValidation
{
    private static readonly string[] SupportedTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] SupportedProtocols = ["SCTP", "TCP", "UDP"];

    /// <summary>upstream <c>ValidateService</c> (create).</summary>
    public static FieldErrorList Validate(Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var meta = FieldPath.Root("metadata");
        var errors = ObjectMetaValidation.Validate(service.Metadata, true, ObjectMetaValidation.Dns1035Label, meta);
        var spec = service.Spec;
        var specPath = FieldPath.Root("spec");
        var annotations = service.Metadata.Annotations;
        if (annotations is not null
            && annotations.TryGetValue("service.kubernetes.io/topology-mode", out var mode)
            && annotations.TryGetValue("service.kubernetes.io/topology-aware-hints", out var hints) && mode != hints)
        {
            errors.Add(FieldError.Invalid(meta.Child("annotations").Key("service.kubernetes.io/topology-mode"), mode,
                "must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified"));
        }

        var headless = IsHeadless(service);
        if (spec.Ports is not { Count: > 0 } && !headless && spec.Type != "ExternalName")
        {
            errors.Add(FieldError.Required(specPath.Child("ports"), string.Empty));
        }

        switch (spec.Type)
        {
            case "LoadBalancer":
                if (headless)
                {
                    errors.Add(FieldError.Invalid(specPath.Child("clusterIPs").Index(0), spec.ClusterIPs![0], "may not be set to 'None' for LoadBalancer services"));
                }

                break;
            case "NodePort":
                if (headless)
                {
                    errors.Add(FieldError.Invalid(specPath.Child("clusterIPs").Index(0), spec.ClusterIPs![0], "may not be set to 'None' for NodePort services"));
                }

                break;
            case "ExternalName":
                if (spec.ClusterIPs is { Count: > 0 })
                {
                    errors.Add(FieldError.Forbidden(specPath.Child("clusterIPs"), "may not be set for ExternalName services"));
                }

                if (spec.IpFamilies is { Count: > 0 })
                {
                    errors.Add(FieldError.Forbidden(specPath.Child("ipFamilies"), "may not be set for ExternalName services"));
                }

                if (spec.IpFamilyPolicy is not null)
                {
                    errors.Add(FieldError.Forbidden(specPath.Child("ipFamilyPolicy"), "may not be set for ExternalName services"));
                }

                var cname = spec.ExternalName.EndsWith('.') ? spec.ExternalName[..^1] : spec.ExternalName;
                if (cname.Length > 0)
                {
                    CommonValidation.DNS1123Subdomain(errors, cname, specPath.Child("externalName"));
                }
                else
                {
                    errors.Add(FieldError.Required(specPath.Child("externalName"), string.Empty));
                }

                break;
        }

        var portNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (spec.Ports?.Count ?? 0); i++)
        {
            ServicePortRules(errors, spec.Ports![i], spec.Ports.Count > 1, portNames, specPath.Child("ports").Index(i));
        }

        if (spec.Selector is not null)
        {
            CommonValidation.Labels(errors, spec.Selector, specPath.Child("selector"));
        }

        if (spec.SessionAffinity.Length == 0)
        {
            errors.Add(FieldError.Required(specPath.Child("sessionAffinity"), string.Empty));
        }
        else if (spec.SessionAffinity is not ("ClientIP" or "None"))
        {
            errors.Add(FieldError.NotSupported(specPath.Child("sessionAffinity"), spec.SessionAffinity, ["ClientIP", "None"]));
        }

        if (spec.SessionAffinity == "ClientIP")
        {
            var cfgPath = specPath.Child("sessionAffinityConfig");
            if (spec.SessionAffinityConfig is null)
            {
                errors.Add(FieldError.Required(cfgPath, "when session affinity type is ClientIP"));
            }
            else if (spec.SessionAffinityConfig.ClientIP is null)
            {
                errors.Add(FieldError.Required(cfgPath.Child("clientIP"), "when session affinity type is ClientIP"));
            }
            else if (spec.SessionAffinityConfig.ClientIP.TimeoutSeconds is not { } timeout)
            {
                errors.Add(FieldError.Required(cfgPath.Child("clientIP").Child("timeoutSeconds"), "when session affinity type is ClientIP"));
            }
            else if (timeout <= 0 || timeout > 86400)
            {
                errors.Add(FieldError.Invalid(cfgPath.Child("clientIP").Child("timeoutSeconds"), timeout, "must be greater than 0 and less than 86400"));
            }
        }
        else if (spec.SessionAffinity == "None" && spec.SessionAffinityConfig is not null)
        {
            errors.Add(FieldError.Forbidden(specPath.Child("sessionAffinityConfig"), "must not be set when session affinity is None"));
        }

        ClusterIPsRelatedFields(errors, service);
        for (var i = 0; i < (spec.ExternalIPs?.Count ?? 0); i++)
        {
            var p = specPath.Child("externalIPs").Index(i);
            var ipErrors = ValueValidation.IsValidIP(p, spec.ExternalIPs![i]);
            if (ipErrors.Count != 0)
            {
                errors.AddRange(ipErrors);
            }
            else
            {
                EndpointsValidation.NonSpecialIP(errors, spec.ExternalIPs[i], p);
            }
        }

        if (spec.Type.Length == 0)
        {
            errors.Add(FieldError.Required(specPath.Child("type"), string.Empty));
        }
        else if (!SupportedTypes.Contains(spec.Type, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(specPath.Child("type"), spec.Type, SupportedTypes));
        }

        if (spec.Type == "ClusterIP")
        {
            for (var i = 0; i < (spec.Ports?.Count ?? 0); i++)
            {
                if (spec.Ports![i].NodePort != 0)
                {
                    errors.Add(FieldError.Forbidden(specPath.Child("ports").Index(i).Child("nodePort"), "may not be used when `type` is 'ClusterIP'"));
                }
            }
        }

        var nodePorts = new HashSet<(string, int)>();
        for (var i = 0; i < (spec.Ports?.Count ?? 0); i++)
        {
            var port = spec.Ports![i];
            if (port.NodePort != 0 && !nodePorts.Add((port.Protocol, port.NodePort)))
            {
                errors.Add(FieldError.Duplicate(specPath.Child("ports").Index(i).Child("nodePort"), port.NodePort));
            }
        }

        var ports = new HashSet<(string, int)>();
        for (var i = 0; i < (spec.Ports?.Count ?? 0); i++)
        {
            var port = spec.Ports![i];
            if (!ports.Add((port.Protocol, port.Port)))
            {
                errors.Add(FieldError.Duplicate(specPath.Child("ports").Index(i), new GoValue(string.Create(CultureInfo.InvariantCulture,
                    $"core.ServicePort{{Name:\"\", Protocol:{GoSyntax.Quote(port.Protocol)}, AppProtocol:(*string)(nil), Port:{port.Port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}"))));
            }
        }

        if (spec.LoadBalancerSourceRanges is { Count: > 0 } ranges)
        {
            var rangesPath = specPath.Child("LoadBalancerSourceRanges");
            if (spec.Type != "LoadBalancer")
            {
                errors.Add(FieldError.Forbidden(rangesPath, "may only be used when `type` is 'LoadBalancer'"));
            }

            for (var i = 0; i < ranges.Count; i++)
            {
                errors.AddRange(ValueValidation.IsValidCIDR(rangesPath.Index(i), ranges[i].Trim()));
            }
        }
        else if (annotations is not null && annotations.TryGetValue("service.beta.kubernetes.io/load-balancer-source-ranges", out var sourceRanges))
        {
            var p = meta.Child("annotations").Key("service.beta.kubernetes.io/load-balancer-source-ranges");
            if (spec.Type != "LoadBalancer")
            {
                errors.Add(FieldError.Forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
            }

            sourceRanges = sourceRanges.Trim();
            if (sourceRanges.Length != 0)
            {
                foreach (var cidr in sourceRanges.Split(','))
                {
                    errors.AddRange(ValueValidation.IsValidCIDR(p, cidr.Trim()));
                }
            }
        }

        if (spec.AllocateLoadBalancerNodePorts is not null && spec.Type != "LoadBalancer")
        {
            errors.Add(FieldError.Forbidden(specPath.Child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"));
        }

        if (spec.Type == "LoadBalancer" && spec.AllocateLoadBalancerNodePorts is null)
        {
            errors.Add(FieldError.Required(FieldPath.Root("allocateLoadBalancerNodePorts"), string.Empty));
        }

        LoadBalancerClass(errors, null, service);
        ExternalTrafficPolicy(errors, service);
        if (spec.InternalTrafficPolicy is null)
        {
            if (spec.Type is "NodePort" or "LoadBalancer" or "ClusterIP")
            {
                errors.Add(FieldError.Required(specPath.Child("internalTrafficPolicy"), string.Empty));
            }
        }
        else if (spec.InternalTrafficPolicy is not ("Cluster" or "Local"))
        {
            errors.Add(FieldError.NotSupported(specPath.Child("internalTrafficPolicy"), spec.InternalTrafficPolicy, ["Cluster", "Local"]));
        }

        if (spec.TrafficDistribution is { } td && td != "PreferClose")
        {
            errors.Add(FieldError.NotSupported(specPath.Child("trafficDistribution"), td, ["PreferClose"]));
        }

        return errors;
    }

    /// <summary>upstream <c>ValidateServiceUpdate</c>.</summary>
    public static FieldErrorList ValidateUpdate(Service service, Service old)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(service.Metadata, old.Metadata, FieldPath.Root("metadata"));
        UpgradeDowngradeClusterIPs(errors, old, service);
        UpgradeDowngradeIPFamilies(errors, old, service);
        LoadBalancerClass(errors, old, service);
        if (NeedsHealthCheck(old) && NeedsHealthCheck(service) && service.Spec.HealthCheckNodePort != old.Spec.HealthCheckNodePort)
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root("spec", "healthCheckNodePort"), CommonValidation.FieldImmutableErrorMsg));
        }

        errors.AddRange(Validate(service));
        return errors;
    }

    /// <summary>upstream <c>isHeadlessService</c>.</summary>
    public static bool IsHeadless(Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Spec.ClusterIPs is { Count: 1 } ips && ips[0] == "None";
    }

    private static bool GoIPLike(string value) => ValueValidation.IsValidIP(null, value).Count == 0;

    private static bool ExternallyAccessible(Service s) =>
        s.Spec.Type is "LoadBalancer" or "NodePort" || (s.Spec.Type == "ClusterIP" && s.Spec.ExternalIPs is { Count: > 0 });

    private static bool NeedsHealthCheck(Service s) => s.Spec.Type == "LoadBalancer" && s.Spec.ExternalTrafficPolicy == "Local";
}
