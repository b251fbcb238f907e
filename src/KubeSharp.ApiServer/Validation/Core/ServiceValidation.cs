using System.Globalization;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

/// <summary>upstream's Service rules (<c>ValidateService</c>, <c>ValidateServiceUpdate</c>, <c>ValidateServiceStatusUpdate</c>).</summary>
public static class ServiceValidation
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

    /// <summary>upstream <c>ValidateServiceClusterIPsRelatedFields</c>.</summary>
    private static void ClusterIPsRelatedFields(FieldErrorList errors, Service service)
    {
        var spec = service.Spec;
        if (spec.Type == "ExternalName")
        {
            return;
        }

        var specPath = FieldPath.Root("spec");
        var clusterIPsPath = specPath.Child("clusterIPs");
        var ips = spec.ClusterIPs ?? [];
        if (spec.ClusterIP.Length != 0)
        {
            if (ips.Count == 0)
            {
                errors.Add(FieldError.Required(clusterIPsPath, string.Empty));
            }
            else if (ips[0] != spec.ClusterIP)
            {
                errors.Add(FieldError.Invalid(clusterIPsPath, ips, "first value must match `clusterIP`"));
            }
        }
        else if (ips.Count != 0)
        {
            errors.Add(FieldError.Invalid(clusterIPsPath, ips, "must be empty when `clusterIP` is not specified"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (spec.IpFamilies?.Count ?? 0); i++)
        {
            var family = spec.IpFamilies![i];
            if (family is not ("IPv4" or "IPv6"))
            {
                errors.Add(FieldError.NotSupported(specPath.Child("ipFamilies").Index(i), family, ["IPv4", "IPv6"]));
            }

            if (!seen.Add(family))
            {
                errors.Add(FieldError.Duplicate(specPath.Child("ipFamilies").Index(i), family));
            }
        }

        if (spec.IpFamilyPolicy is { } policy && policy is not ("SingleStack" or "PreferDualStack" or "RequireDualStack"))
        {
            errors.Add(FieldError.NotSupported(specPath.Child("ipFamilyPolicy"), policy, ["PreferDualStack", "RequireDualStack", "SingleStack"]));
        }

        var invalid = false;
        for (var i = 0; i < ips.Count; i++)
        {
            if (i == 0 && ips[0] == "None")
            {
                if (ips.Count > 1)
                {
                    invalid = true;
                    errors.Add(FieldError.Invalid(clusterIPsPath, ips, "'None' must be the first and only value"));
                }

                continue;
            }

            var ipErrors = ValueValidation.IsValidIP(clusterIPsPath.Index(i), ips[i]);
            invalid |= ipErrors.Count != 0;
            errors.AddRange(ipErrors);
        }

        if (ips.Count > 2)
        {
            errors.Add(FieldError.Invalid(clusterIPsPath, ips, "may only hold up to 2 values"));
        }

        if (invalid)
        {
            return;
        }

        if (ips.Count > 1 && IsV6(ips[0]) == IsV6(ips[1]))
        {
            errors.Add(FieldError.Invalid(clusterIPsPath, ips, "may specify no more than one IP for each IP family"));
        }

        if (!IsHeadless(service) && ips.Count > 0 && spec.IpFamilies is { Count: > 0 } families)
        {
            for (var i = 0; i < ips.Count && i < families.Count; i++)
            {
                if (families[i] == "IPv4" && IsV6(ips[i]))
                {
                    errors.Add(FieldError.Invalid(clusterIPsPath.Index(i), ips[i], string.Create(CultureInfo.InvariantCulture, $"expected an IPv4 value as indicated by `ipFamilies[{i}]`")));
                }

                if (families[i] == "IPv6" && !IsV6(ips[i]))
                {
                    errors.Add(FieldError.Invalid(clusterIPsPath.Index(i), ips[i], string.Create(CultureInfo.InvariantCulture, $"expected an IPv6 value as indicated by `ipFamilies[{i}]`")));
                }
            }
        }
    }

    private static bool IsV6(string ip) => ValueValidation.IsValidIPv6Address(null, ip).Count == 0;

    private static void UpgradeDowngradeClusterIPs(FieldErrorList errors, Service old, Service service)
    {
        if (service.Spec.Type == "ExternalName" || old.Spec.Type == "ExternalName")
        {
            return;
        }

        if (IsHeadless(old) && IsHeadless(service))
        {
            return;
        }

        var oldIps = old.Spec.ClusterIPs ?? [];
        var newIps = service.Spec.ClusterIPs ?? [];
        var path = FieldPath.Root("spec", "clusterIPs");
        if (oldIps.Count == newIps.Count)
        {
            for (var i = 0; i < oldIps.Count; i++)
            {
                if (oldIps[i] != newIps[i])
                {
                    errors.Add(FieldError.Invalid(path.Index(i), newIps, "may not change once set"));
                }
            }
        }
        else if (oldIps.Count > newIps.Count)
        {
            if (newIps.Count == 0)
            {
                errors.Add(FieldError.Invalid(path.Index(0), newIps, "primary clusterIP can not be unset"));
            }

            if (oldIps.Count > 0 && newIps.Count > 0 && newIps[0] != oldIps[0])
            {
                errors.Add(FieldError.Invalid(path.Index(0), newIps, "may not change once set"));
            }

            if (newIps.Count == 1 && service.Spec.IpFamilyPolicy != "SingleStack")
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("spec", "ipFamilyPolicy"), service.Spec.IpFamilyPolicy ?? "null",
                    "must be set to 'SingleStack' when releasing the secondary clusterIP"));
            }
        }
        else if (oldIps.Count > 0 && newIps[0] != oldIps[0])
        {
            errors.Add(FieldError.Invalid(path.Index(0), newIps, "may not change once set"));
        }
    }

    private static void UpgradeDowngradeIPFamilies(FieldErrorList errors, Service old, Service service)
    {
        if (service.Spec.Type == "ExternalName" || old.Spec.Type == "ExternalName")
        {
            return;
        }

        if (IsHeadless(old) != IsHeadless(service) || IsHeadless(service))
        {
            return;
        }

        var oldFamilies = old.Spec.IpFamilies ?? [];
        var newFamilies = service.Spec.IpFamilies ?? [];
        var path = FieldPath.Root("spec", "ipFamilies");
        if (oldFamilies.Count == newFamilies.Count)
        {
            for (var i = 0; i < oldFamilies.Count; i++)
            {
                if (oldFamilies[i] != newFamilies[i])
                {
                    errors.Add(FieldError.Invalid(path.Index(0), newFamilies, "may not change once set"));
                }
            }
        }
        else if (oldFamilies.Count > newFamilies.Count)
        {
            if (newFamilies.Count == 0)
            {
                errors.Add(FieldError.Invalid(path.Index(0), newFamilies, "primary ipFamily can not be unset"));
            }

            if (oldFamilies.Count > 0 && newFamilies.Count > 0 && newFamilies[0] != oldFamilies[0])
            {
                errors.Add(FieldError.Invalid(path.Index(0), newFamilies, "may not change once set"));
            }

            if (newFamilies.Count == 1 && service.Spec.IpFamilyPolicy != "SingleStack")
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("spec", "ipFamilyPolicy"), service.Spec.IpFamilyPolicy ?? "null",
                    "must be set to 'SingleStack' when releasing the secondary ipFamily"));
            }
        }
        else if (oldFamilies.Count > 0 && newFamilies[0] != oldFamilies[0])
        {
            errors.Add(FieldError.Invalid(path.Index(0), newFamilies, "may not change once set"));
        }
    }
}
