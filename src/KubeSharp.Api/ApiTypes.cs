using System.Collections.Frozen;

namespace KubeSharp.Api;

/// <summary>Every group/version/kind the API model knows, with lookups. Built once; thread-safe.</summary>
public static partial class ApiTypes
{
    private static readonly Lazy<Index> s_index = new(() => new Index(CreateAll()));

    /// <summary>All kinds, one entry per group/version/kind.</summary>
    public static IReadOnlyList<ApiTypeInfo> All => s_index.Value.All;

    /// <summary>Finds a kind by apiVersion ("v1", "apps/v1") and kind.</summary>
    public static bool TryGet(string apiVersion, string kind, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ApiTypeInfo? info)
        => s_index.Value.ByApiVersionKind.TryGetValue((apiVersion, kind), out info);

    /// <summary>Finds the kinds served with a CLR type (several for WatchEvent and the *Options types).</summary>
    public static IReadOnlyList<ApiTypeInfo> ForType(Type clrType)
        => s_index.Value.ByType.TryGetValue(clrType, out var list) ? list : [];

    private sealed class Index
    {
        public Index(ApiTypeInfo[] all)
        {
            All = all;
            ByApiVersionKind = all.ToFrozenDictionary(i => (i.ApiVersion, i.Kind));
            ByType = all.GroupBy(i => i.ClrType).ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<ApiTypeInfo>)g.ToArray());
        }

        public ApiTypeInfo[] All { get; }

        public FrozenDictionary<(string ApiVersion, string Kind), ApiTypeInfo> ByApiVersionKind { get; }

        public FrozenDictionary<Type, IReadOnlyList<ApiTypeInfo>> ByType { get; }
    }
}
