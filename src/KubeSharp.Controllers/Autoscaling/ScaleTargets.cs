using System.Collections.Concurrent;
using KubeSharp.Api.Autoscaling.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Serialization;
using KubeSharp.Client;
using CrossVersionObjectReference = KubeSharp.Api.Autoscaling.V2.CrossVersionObjectReference;

namespace KubeSharp.Controllers.Autoscaling;

/// <summary>A scale target that could not be resolved or read; the message is upstream's error text.</summary>
public sealed class ScaleTargetException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScaleTargetException()
    {
    }

    /// <summary>Creates the exception with upstream's message.</summary>
    public ScaleTargetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with upstream's message and the cause.</summary>
    public ScaleTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Reads and writes the <c>/scale</c> subresource of any scalable resource named by an HPA's scaleTargetRef (upstream's
/// RESTMapper + scale client): the group/kind is mapped to resources through the built-in registry, else through
/// API discovery (custom resources with a scale subresource), and the first mapping whose scale can be read wins.
/// </summary>
public sealed class ScaleTargets
{
    private readonly KubernetesClient _client;
    private readonly ConcurrentDictionary<(string Group, string Kind), ApiResource[]> _discovered = new();

    /// <summary>Creates the resolver over <paramref name="client"/>.</summary>
    public ScaleTargets(KubernetesClient client)
    {
        _client = client;
    }

    /// <summary>Go's schema.ParseGroupVersion: "" and "v1" are the core group, "g/v" a group version, anything else fails.</summary>
    public static bool TryParseGroupVersion(string apiVersion, out string group, out string version, out string? error)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        group = version = "";
        error = null;
        if (apiVersion.Length == 0 || apiVersion == "/")
        {
            return true;
        }
        var parts = apiVersion.Split('/');
        switch (parts.Length)
        {
            case 1:
                version = parts[0];
                return true;
            case 2:
                group = parts[0];
                version = parts[1];
                return true;
            default:
                error = "unexpected GroupVersion string: " + apiVersion;
                return false;
        }
    }

    /// <summary>The resources serving <paramref name="group"/>/<paramref name="kind"/>, preferred first (upstream RESTMappings).</summary>
    public async Task<IReadOnlyList<ApiResource>> MappingsAsync(string group, string kind, CancellationToken cancellationToken)
    {
        var builtIn = _client.Registry.Resources.Where(r => r.Group == group && r.Kind == kind).ToList();
        if (builtIn.Count > 0)
        {
            var preferred = _client.Registry.GetPreferredVersion(group);
            return [.. builtIn.OrderBy(r => r.Version == preferred ? 0 : 1)];
        }
        if (_discovered.TryGetValue((group, kind), out var cached))
        {
            return cached;
        }
        var found = await DiscoverAsync(group, kind, cancellationToken);
        if (found.Length == 0)
        {
            throw new ScaleTargetException($"no matches for kind \"{kind}\" in group \"{group}\"");
        }
        _discovered[(group, kind)] = found;
        return found;
    }

    private async Task<ApiResource[]> DiscoverAsync(string group, string kind, CancellationToken cancellationToken)
    {
        if (group.Length == 0)
        {
            return [];
        }
        APIGroup apiGroup;
        try
        {
            apiGroup = KubeJson.Deserialize<APIGroup>(await _client.Rest.SendAsync(new RestRequest(HttpMethod.Get, "/apis/" + group), cancellationToken));
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return [];
        }
        var versions = (apiGroup.Versions ?? []).Select(v => v.Version).OrderBy(v => v == apiGroup.PreferredVersion.Version ? 0 : 1).ToList();
        var result = new List<ApiResource>();
        foreach (var version in versions)
        {
            APIResourceList list;
            try
            {
                list = KubeJson.Deserialize<APIResourceList>(await _client.Rest.SendAsync(new RestRequest(HttpMethod.Get, $"/apis/{group}/{version}"), cancellationToken));
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                continue;
            }
            foreach (var r in list.Resources ?? [])
            {
                if (r.Kind == kind && !r.Name.Contains('/', StringComparison.Ordinal))
                {
                    result.Add(KubernetesClient.CustomResource(group, version, kind, r.Name, r.Namespaced));
                }
            }
        }
        return [.. result];
    }

    /// <summary>Reads the target's Scale: the first mapping that answers wins, else the first mapping's error
    /// (upstream scaleForResourceMappings). Throws <see cref="ScaleTargetException"/>.</summary>
    public async Task<(Scale Scale, ApiResource Resource)> GetScaleAsync(string @namespace, CrossVersionObjectReference target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!TryParseGroupVersion(target.ApiVersion, out var group, out _, out var error))
        {
            throw new ScaleTargetException(error!);
        }
        var mappings = await MappingsAsync(group, target.Kind, cancellationToken);
        KubeApiException? first = null;
        foreach (var mapping in mappings)
        {
            try
            {
                var scale = await _client.Dynamic(mapping, @namespace).GetSubresourceAsync<Scale>(target.Name, "scale", cancellationToken);
                return (scale, mapping);
            }
            catch (KubeApiException e)
            {
                first ??= e;
            }
        }
        _discovered.TryRemove((group, target.Kind), out _);
        throw new ScaleTargetException(first is null ? $"no matches for kind \"{target.Kind}\" in group \"{group}\"" : MessageOf(first), first!);
    }

    /// <summary>Writes the Scale back (PUT of the subresource).</summary>
    public async Task<Scale> UpdateScaleAsync(string @namespace, ApiResource resource, Scale scale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scale);
        try
        {
            return await _client.Dynamic(resource, @namespace).UpdateSubresourceAsync<Scale, Scale>(scale.Metadata.Name, "scale", scale, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e)
        {
            throw new ScaleTargetException(MessageOf(e), e);
        }
    }

    private static string MessageOf(KubeApiException e) => e.Status.Message.Length > 0 ? e.Status.Message : e.Message;
}
