using System.Diagnostics.CodeAnalysis;

namespace KubeSharp.Controllers.Cron;

/// <summary>Go's <c>time.ParseDuration</c> (<c>1h30m</c>, <c>1.5s</c>, <c>-2m</c>, <c>300ms</c>), with Go's error texts,
/// at .NET's 100 ns resolution.</summary>
internal static class GoDuration
{
    private static readonly (string Unit, double Nanos)[] Units =
    [
        ("ns", 1), ("us", 1e3), ("\u00b5s", 1e3), ("\u03bcs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ];

    public static bool TryParse(string text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = TimeSpan.Zero;
        error = null;
        var quoted = "\"" + text + "\"";
        var s = text;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0")
        {
            return true;
        }
        if (s.Length == 0)
        {
            error = "time: invalid duration " + quoted;
            return false;
        }
        double totalNanos = 0;
        while (s.Length > 0)
        {
            var i = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            var intPart = s[..i];
            var fracPart = "";
            if (i < s.Length && s[i] == '.')
            {
                var j = i + 1;
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                {
                    j++;
                }
                fracPart = s[(i + 1)..j];
                i = j;
            }
            if (intPart.Length == 0 && fracPart.Length == 0)
            {
                error = "time: invalid duration " + quoted;
                return false;
            }
            var unitStart = i;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (unitStart == i)
            {
                error = "time: missing unit in duration " + quoted;
                return false;
            }
            var unit = s[unitStart..i];
            var scale = Array.Find(Units, u => u.Unit == unit).Nanos;
            if (scale == 0)
            {
                error = "time: unknown unit \"" + unit + "\" in duration " + quoted;
                return false;
            }
            var value = double.Parse((intPart.Length == 0 ? "0" : intPart) + (fracPart.Length == 0 ? "" : "." + fracPart), System.Globalization.CultureInfo.InvariantCulture);
            totalNanos += value * scale;
            if (totalNanos > long.MaxValue)
            {
                error = "time: invalid duration " + quoted;
                return false;
            }
            s = s[i..];
        }
        var ticks = (long)(totalNanos / 100);
        duration = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }
}
