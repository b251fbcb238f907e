using System.Globalization;
using System.Text;

namespace KubeSharp.Controllers.Jobs;

/// <summary>A set of completion indexes in status.completedIndexes' form: ascending ranges, <c>0-2,4</c>.</summary>
public sealed class IndexSet
{
    private readonly SortedSet<int> _indexes = [];

    /// <summary>Parses the text form (invalid parts are skipped, as upstream does).</summary>
    public static IndexSet Parse(string? text)
    {
        var set = new IndexSet();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var single))
                {
                    set.Add(single);
                }
                continue;
            }
            if (int.TryParse(part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                && int.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var last))
            {
                for (var i = first; i <= last; i++)
                {
                    set.Add(i);
                }
            }
        }
        return set;
    }

    /// <summary>The number of indexes.</summary>
    public int Count => _indexes.Count;

    /// <summary>Adds an index.</summary>
    public void Add(int index) => _indexes.Add(index);

    /// <summary>Whether the set has <paramref name="index"/>.</summary>
    public bool Contains(int index) => _indexes.Contains(index);

    /// <summary>The text form: runs of consecutive indexes as <c>a-b</c>, single ones as <c>a</c>, comma separated.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        int? start = null, previous = null;
        foreach (var i in _indexes)
        {
            if (previous is { } p && i == p + 1)
            {
                previous = i;
                continue;
            }
            Append(text, start, previous);
            start = previous = i;
        }
        Append(text, start, previous);
        return text.ToString();
    }

    private static void Append(StringBuilder text, int? start, int? end)
    {
        if (start is not { } s || end is not { } e)
        {
            return;
        }
        if (text.Length > 0)
        {
            text.Append(',');
        }
        text.Append(s.ToString(CultureInfo.InvariantCulture));
        if (e > s)
        {
            text.Append('-').Append(e.ToString(CultureInfo.InvariantCulture));
        }
    }
}
