using System.Collections.Immutable;
using System.Globalization;

namespace KubeSharp.ApiServer.Discovery;

/// <summary>
/// Parses <c>Accept</c> headers as upstream does (<c>github.com/munnerz/goautoneg.ParseAccept</c>): clauses split on
/// commas and semicolons, <c>*</c> alone meaning <c>*/*</c>, malformed media ranges skipped, <c>q</c> parsed as a
/// float (0 when unparsable), then ordered by quality (higher first), concrete types before wildcards.
/// </summary>
public static class AcceptHeader
{
    /// <summary>Parses <paramref name="header"/>; null or empty gives no clauses.</summary>
    public static ImmutableArray<MediaTypeClause> Parse(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return [];
        }
        var clauses = new List<MediaTypeClause>();
        foreach (var rawPart in header.Split(','))
        {
            var part = rawPart.Trim(' ');
            var pieces = part.Split(';');
            var range = pieces[0].Split('/');
            var type = range[0].Trim(' ');
            string subType;
            if (range.Length == 1 && type == "*")
            {
                subType = "*";
            }
            else if (range.Length == 2)
            {
                subType = range[1].Trim(' ');
            }
            else
            {
                continue;
            }
            var quality = 1.0;
            var parameters = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            for (var i = 1; i < pieces.Length; i++)
            {
                var eq = pieces[i].IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    continue;
                }
                var name = pieces[i][..eq].Trim(' ');
                var value = pieces[i][(eq + 1)..];
                if (name == "q")
                {
                    quality = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var q) ? q : 0;
                }
                else
                {
                    parameters[name] = value.Trim(' ');
                }
            }
            clauses.Add(new MediaTypeClause(type, subType, parameters.ToImmutable(), quality));
        }
        // Go's sort.Sort on these few elements is an insertion sort; do the same so ties keep header order.
        for (var i = 1; i < clauses.Count; i++)
        {
            for (var j = i; j > 0 && Less(clauses[j], clauses[j - 1]); j--)
            {
                (clauses[j], clauses[j - 1]) = (clauses[j - 1], clauses[j]);
            }
        }
        return [.. clauses];
    }

    private static bool Less(MediaTypeClause a, MediaTypeClause b)
    {
        if (a.Quality > b.Quality)
        {
            return true;
        }
        if (a.Type != "*" && b.Type == "*")
        {
            return true;
        }
        return a.SubType != "*" && b.SubType == "*";
    }
}
