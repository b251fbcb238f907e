using System.Runtime.InteropServices;
using KubeSharp.Api;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>Upstream's <c>SetDefaults_ResourceList</c>: every quantity of a resource list is rounded up
/// (away from zero) to milli units, so that <c>0.0001</c> is stored as <c>1m</c>.</summary>
internal static class ResourceLists
{
    /// <summary>Rounds every value of <paramref name="list"/> (null or empty: nothing to do).</summary>
    public static void RoundUp(Dictionary<string, Quantity>? list)
    {
        if (list is null || list.Count == 0)
        {
            return;
        }
        // Each value is rewritten in place (no copy of the keys: a value written through its reference does not
        // invalidate the enumeration).
        foreach (var key in list.Keys)
        {
            ref var value = ref CollectionsMarshal.GetValueRefOrNullRef(list, key);
            value = value.RoundUp(QuantityScale.Milli);
        }
    }

    /// <summary>A copy of <paramref name="list"/> (Go assigns maps by reference; copying keeps the two
    /// fields independent here while writing the same JSON).</summary>
    public static Dictionary<string, Quantity> Copy(Dictionary<string, Quantity> list) => new(list, StringComparer.Ordinal);
}
