namespace KubeSharp.ApiServer.Tables;

/// <summary>Go's string order (UTF-8 bytes, i.e. code points), used where upstream sorts names.</summary>
internal sealed class GoStringComparer : IComparer<string>
{
    public static GoStringComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b)
            {
                continue;
            }
            // UTF-16 order differs from code point order only between surrogates and U+E000..U+FFFF.
            if (char.IsSurrogate(a) && !char.IsSurrogate(b) && b >= '\uE000')
            {
                return 1;
            }
            if (char.IsSurrogate(b) && !char.IsSurrogate(a) && a >= '\uE000')
            {
                return -1;
            }
            return a - b;
        }
        return x.Length - y.Length;
    }
}
