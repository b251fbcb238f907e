using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Registry;

namespace KubeSharp.Api.Quota;

/// <summary>upstream's object count evaluator: one object is 1 of count/&lt;resource&gt;.&lt;group&gt; (and of the
/// legacy name configmaps, secrets, ... for the core kinds that have one); charged on create; no scopes.</summary>
public sealed class ObjectCountQuotaEvaluator(GroupResource resource, string? legacyName) : IQuotaEvaluator
{
    private readonly string[] _names = legacyName is null
        ? [QuotaEvaluators.ObjectCountName(resource)]
        : [QuotaEvaluators.ObjectCountName(resource), legacyName];

    public GroupResource GroupResource => resource;

    public bool HandlesCreate => true;

    public bool HandlesUpdate => false;

    public IReadOnlyList<string> MatchingResources(IEnumerable<string> input) => [.. input.Where(n => _names.Contains(n, StringComparer.Ordinal))];

    public bool MatchesScope(ScopedResourceSelectorRequirement scope, IKubeMetaObject obj) => false;

    public string? Constraints(IReadOnlyCollection<string> required, IKubeMetaObject obj) => null;

    public Dictionary<string, Quantity> Usage(IKubeMetaObject obj, DateTimeOffset now)
    {
        var result = QuotaMath.Empty();
        foreach (var name in _names)
        {
            result[name] = Quantity.FromInt64(1, QuantityFormat.DecimalSI);
        }
        return result;
    }
}
