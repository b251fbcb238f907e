using System.Collections.Frozen;

namespace KubeSharp.Api.Registry;

/// <summary>
/// Ordering of groups and versions, as the API server's discovery document orders them (and so as kubectl's
/// RESTMapper prefers them when a name matches in several groups or versions).
/// </summary>
internal static class ApiPriority
{
    /// <summary>
    /// <c>GroupPriorityMinimum</c> of the built-in groups, from kube-apiserver's <c>apiVersionPriorities</c>
    /// (<c>cmd/kube-apiserver/app/aggregator.go</c> merged over
    /// <c>pkg/controlplane/apiserver/aggregator.go DefaultGenericAPIServicePriorities</c>). Higher comes first; groups
    /// not listed (aggregated ones such as <c>metrics.k8s.io</c>) come after all of these, by name.
    /// </summary>
    private static readonly FrozenDictionary<string, int> GroupPriorities = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [""] = 18000,
        ["apps"] = 17800,
        ["events.k8s.io"] = 17750,
        ["authentication.k8s.io"] = 17700,
        ["authorization.k8s.io"] = 17600,
        ["autoscaling"] = 17500,
        ["batch"] = 17400,
        ["certificates.k8s.io"] = 17300,
        ["networking.k8s.io"] = 17200,
        ["policy"] = 17100,
        ["rbac.authorization.k8s.io"] = 17000,
        ["storage.k8s.io"] = 16800,
        ["admissionregistration.k8s.io"] = 16700,
        ["apiextensions.k8s.io"] = 16700,
        ["scheduling.k8s.io"] = 16600,
        ["coordination.k8s.io"] = 16500,
        ["node.k8s.io"] = 16300,
        ["discovery.k8s.io"] = 16200,
        ["resource.k8s.io"] = 16200,
        ["flowcontrol.apiserver.k8s.io"] = 16100,
        ["internal.apiserver.k8s.io"] = 16000,
        ["storagemigration.k8s.io"] = 15800,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Orders groups: higher priority first, then by name (the aggregator's secondary sort).</summary>
    public static int CompareGroups(string x, string y)
    {
        var px = GroupPriorities.GetValueOrDefault(x, 0);
        var py = GroupPriorities.GetValueOrDefault(y, 0);
        if (px != py)
        {
            return py.CompareTo(px);
        }
        return string.CompareOrdinal(x, y);
    }

    /// <summary>Orders versions most preferred first (see <see cref="CompareKubeAwareVersions"/>).</summary>
    public static int CompareVersionsPreferredFirst(string x, string y) => -CompareKubeAwareVersions(x, y);

    /// <summary>
    /// Upstream's <c>version.CompareKubeAwareVersionStrings</c>: positive when <paramref name="v1"/> has the higher
    /// priority. Kube-like versions (<c>v2</c>, <c>v1beta1</c>, <c>v1alpha2</c>) sort GA before beta before alpha,
    /// then by major and minor number; they rank above other strings, which rank in reverse ordinal order.
    /// </summary>
    public static int CompareKubeAwareVersions(string v1, string v2)
    {
        if (string.Equals(v1, v2, StringComparison.Ordinal))
        {
            return 0;
        }
        var ok1 = TryParseKubeVersion(v1, out var major1, out var type1, out var minor1);
        var ok2 = TryParseKubeVersion(v2, out var major2, out var type2, out var minor2);
        if (!ok1 && !ok2)
        {
            return string.CompareOrdinal(v2, v1);
        }
        if (!ok1)
        {
            return -1;
        }
        if (!ok2)
        {
            return 1;
        }
        if (type1 != type2)
        {
            return type1 - type2;
        }
        if (major1 != major2)
        {
            return major1.CompareTo(major2);
        }
        return minor1.CompareTo(minor2);
    }

    /// <summary>Matches <c>^v(\d+)(?:(alpha|beta)(\d+))?$</c>; type is 0 alpha, 1 beta, 2 GA.</summary>
    private static bool TryParseKubeVersion(string v, out int major, out int type, out int minor)
    {
        major = 0;
        type = 2;
        minor = 0;
        if (v.Length < 2 || v[0] != 'v')
        {
            return false;
        }
        var i = 1;
        var start = i;
        while (i < v.Length && char.IsAsciiDigit(v[i]))
        {
            i++;
        }
        if (i == start || !int.TryParse(v.AsSpan(start, i - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out major))
        {
            return false;
        }
        if (i == v.Length)
        {
            return true;
        }
        var rest = v.AsSpan(i);
        if (rest.StartsWith("alpha", StringComparison.Ordinal))
        {
            type = 0;
            i += 5;
        }
        else if (rest.StartsWith("beta", StringComparison.Ordinal))
        {
            type = 1;
            i += 4;
        }
        else
        {
            return false;
        }
        start = i;
        while (i < v.Length && char.IsAsciiDigit(v[i]))
        {
            i++;
        }
        return i == v.Length && i > start
            && int.TryParse(v.AsSpan(start, i - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out minor);
    }
}
