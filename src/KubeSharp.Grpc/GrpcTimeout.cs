using System.Globalization;

namespace KubeSharp.Grpc;

/// <summary>The <c>grpc-timeout</c> header: at most 8 digits and a unit (H, M, S, m, u, n).</summary>
internal static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    /// <summary>Encodes a positive timeout in the finest unit that fits 8 digits, rounding up.</summary>
    public static string Encode(TimeSpan timeout)
    {
        var ticks = Math.Max(timeout.Ticks, 1);
        // 1 tick = 100 ns.
        var nanos = ticks <= long.MaxValue / 100 ? ticks * 100 : long.MaxValue;
        if (nanos <= MaxValue)
        {
            return nanos.ToString(CultureInfo.InvariantCulture) + "n";
        }
        ReadOnlySpan<(long PerUnitTicks, char Unit)> units =
        [
            (10, 'u'),
            (TimeSpan.TicksPerMillisecond, 'm'),
            (TimeSpan.TicksPerSecond, 'S'),
            (TimeSpan.TicksPerMinute, 'M'),
            (TimeSpan.TicksPerHour, 'H'),
        ];
        foreach (var (perUnit, unit) in units)
        {
            var value = (ticks + perUnit - 1) / perUnit;
            if (value <= MaxValue)
            {
                return value.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }
        return MaxValue.ToString(CultureInfo.InvariantCulture) + "H";
    }

    /// <summary>Parses a <c>grpc-timeout</c> value; false when malformed.</summary>
    public static bool TryParse(string value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length is < 2 or > 9
            || !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }
        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * 10,
            'n' => amount / 100,
            _ => null,
        };
        if (ticks is null)
        {
            return false;
        }
        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }
}
