using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Manifests;

/// <summary>An immutable <see cref="IApiTypeResolver"/> over a fixed set of handles.</summary>
public sealed class ApiTypeTable : IApiTypeResolver
{
    private readonly FrozenDictionary<GroupVersionKind, ApiTypeHandle> _handles;

    /// <summary>Creates a table; a later handle for the same kind replaces an earlier one.</summary>
    public ApiTypeTable(IEnumerable<ApiTypeHandle> handles)
    {
        ArgumentNullException.ThrowIfNull(handles);
        var map = new Dictionary<GroupVersionKind, ApiTypeHandle>();
        foreach (var handle in handles)
        {
            map[handle.Kind] = handle;
        }
        _handles = map.ToFrozenDictionary();
    }

    /// <summary>The kinds in the table.</summary>
    public IEnumerable<GroupVersionKind> Kinds => _handles.Keys;

    private static readonly Lazy<ApiTypeTable> s_generated = new(() => new ApiTypeTable(
        ApiTypes.All.Select(info => new ApiTypeHandle(
            new GroupVersionKind(info.Group, info.Version, info.Kind),
            (json, context) => Serialization.KubeJson.Deserialize(info, json, context)))));

    /// <summary>Every kind of the generated API model.</summary>
    public static ApiTypeTable Generated => s_generated.Value;

    /// <inheritdoc/>
    public bool TryResolve(string apiVersion, string kind, [MaybeNullWhen(false)] out ApiTypeHandle handle)
    {
        handle = null;
        return GroupVersion.TryParseApiVersion(apiVersion, out var gv) && _handles.TryGetValue(gv.WithKind(kind), out handle);
    }
}
