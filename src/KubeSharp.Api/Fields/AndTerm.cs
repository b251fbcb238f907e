using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace KubeSharp.Api.Fields;

/// <summary>The AND of several selectors (upstream's <c>andTerm</c>); empty means everything.</summary>
internal sealed class AndTerm(Selector[] terms) : Selector
{
    private readonly Selector[] _terms = terms;

    public override bool IsEmpty
    {
        get
        {
            foreach (var term in _terms)
            {
                if (!term.IsEmpty)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public override IReadOnlyList<Requirement> Requirements
    {
        get
        {
            var requirements = new List<Requirement>(_terms.Length);
            foreach (var term in _terms)
            {
                requirements.AddRange(term.Requirements);
            }

            return requirements;
        }
    }

    internal override bool MatchesCore(IReadOnlyDictionary<string, string>? fields)
    {
        foreach (var term in _terms)
        {
            if (!term.MatchesCore(fields))
            {
                return false;
            }
        }

        return true;
    }

    internal override bool MatchesCore(Func<string, string?> getField)
    {
        foreach (var term in _terms)
        {
            if (!term.MatchesCore(getField))
            {
                return false;
            }
        }

        return true;
    }

    public override bool RequiresExactMatch(string field, [NotNullWhen(true)] out string? value)
    {
        foreach (var term in _terms)
        {
            if (term.RequiresExactMatch(field, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    internal override Selector? TransformCore(Func<string, string, TransformResult> fn, out string? error)
    {
        var next = new List<Selector>(_terms.Length);
        foreach (var term in _terms)
        {
            var transformed = term.TransformCore(fn, out error);
            if (transformed is null)
            {
                return null;
            }

            if (!transformed.IsEmpty)
            {
                next.Add(transformed);
            }
        }

        error = null;
        return new AndTerm([.. next]);
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _terms.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(_terms[i].ToString());
        }

        return sb.ToString();
    }
}
