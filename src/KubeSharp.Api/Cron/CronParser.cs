using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KubeSharp.Api.Cron;

/// <summary>
/// robfig/cron v3's <c>ParseStandard</c>, the parser CronJob uses: five fields (minute hour day-of-month month
/// day-of-week; the seconds field is always 0), each a comma list of <c>*</c>, <c>?</c>, <c>N</c>, <c>N-M</c>, with an
/// optional <c>/step</c> (<c>N/step</c> means <c>N-max/step</c>); month and weekday names (JAN, mon, case-insensitive);
/// the descriptors <c>@yearly @annually @monthly @weekly @daily @midnight @hourly @every &lt;duration&gt;</c>; and an
/// optional <c>TZ=zone</c> or <c>CRON_TZ=zone</c> prefix. Error texts are robfig's.
/// </summary>
public static class CronParser
{
    private static readonly Bounds Seconds = new(0, 59, null);
    private static readonly Bounds Minutes = new(0, 59, null);
    private static readonly Bounds Hours = new(0, 23, null);
    private static readonly Bounds DaysOfMonth = new(1, 31, null);

    private static readonly Bounds Months = new(1, 12, new Dictionary<string, uint>(StringComparer.Ordinal)
    {
        ["jan"] = 1,
        ["feb"] = 2,
        ["mar"] = 3,
        ["apr"] = 4,
        ["may"] = 5,
        ["jun"] = 6,
        ["jul"] = 7,
        ["aug"] = 8,
        ["sep"] = 9,
        ["oct"] = 10,
        ["nov"] = 11,
        ["dec"] = 12,
    });

    private static readonly Bounds DaysOfWeek = new(0, 6, new Dictionary<string, uint>(StringComparer.Ordinal)
    {
        ["sun"] = 0,
        ["mon"] = 1,
        ["tue"] = 2,
        ["wed"] = 3,
        ["thu"] = 4,
        ["fri"] = 5,
        ["sat"] = 6,
    });

    /// <summary>Parses <paramref name="spec"/>; fields are read in <paramref name="defaultLocation"/> (the local zone when null)
    /// unless the spec starts with <c>TZ=</c>/<c>CRON_TZ=</c>.</summary>
    /// <exception cref="FormatException">The spec is invalid; the message is robfig's error.</exception>
    public static CronSchedule ParseStandard(string spec, TimeZoneInfo? defaultLocation = null)
        => TryParseStandard(spec, defaultLocation, out var schedule, out var error) ? schedule : throw new FormatException(error);

    /// <summary>As <see cref="ParseStandard"/>, reporting robfig's error text instead of throwing.</summary>
    public static bool TryParseStandard(string spec, TimeZoneInfo? defaultLocation, [NotNullWhen(true)] out CronSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (spec.Length == 0)
        {
            error = "empty spec string";
            return false;
        }
        var location = defaultLocation ?? TimeZoneInfo.Local;
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            var name = space < 0 ? spec[(eq + 1)..] : spec[(eq + 1)..space];
            if (space < 0)
            {
                error = $"provided bad location {name}: missing schedule after the location";
                return false;
            }
            if (!TryLoadLocation(name, out var loaded, out var locationError))
            {
                error = $"provided bad location {name}: {locationError}";
                return false;
            }
            location = loaded;
            spec = spec[space..].Trim();
        }
        if (spec.StartsWith('@'))
        {
            return TryParseDescriptor(spec, location, out schedule, out error);
        }

        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]";
            return false;
        }
        if (!TryGetField("0", Seconds, out var second, out error)
            || !TryGetField(fields[0], Minutes, out var minute, out error)
            || !TryGetField(fields[1], Hours, out var hour, out error)
            || !TryGetField(fields[2], DaysOfMonth, out var dom, out error)
            || !TryGetField(fields[3], Months, out var month, out error)
            || !TryGetField(fields[4], DaysOfWeek, out var dow, out error))
        {
            return false;
        }
        schedule = new SpecSchedule(second, minute, hour, dom, month, dow, location);
        return true;
    }

    /// <summary>
    /// Go's <c>time.LoadLocation</c>: "" and "UTC" are UTC, "Local" is the local zone, anything else an IANA zone
    /// name; the error is Go's (<c>unknown time zone X</c>).
    /// </summary>
    public static bool TryLoadLocation(string name, [NotNullWhen(true)] out TimeZoneInfo? location, [NotNullWhen(false)] out string? error)
    {
        error = null;
        location = null;
        switch (name)
        {
            case "" or "UTC":
                location = TimeZoneInfo.Utc;
                return true;
            case "Local":
                location = TimeZoneInfo.Local;
                return true;
        }
        // Go refuses names that could escape the zoneinfo directory.
        if (name.Contains("..", StringComparison.Ordinal) || name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal))
        {
            error = "time: invalid location name";
            return false;
        }
        try
        {
            location = TimeZoneInfo.FindSystemTimeZoneById(name);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            error = "unknown time zone " + name;
            return false;
        }
    }

    private static bool TryParseDescriptor(string descriptor, TimeZoneInfo location, [NotNullWhen(true)] out CronSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        error = null;
        schedule = descriptor switch
        {
            "@yearly" or "@annually" => new SpecSchedule(1UL << 0, 1UL << 0, 1UL << 0, 1UL << 1, 1UL << 1, All(DaysOfWeek), location),
            "@monthly" => new SpecSchedule(1UL << 0, 1UL << 0, 1UL << 0, 1UL << 1, All(Months), All(DaysOfWeek), location),
            "@weekly" => new SpecSchedule(1UL << 0, 1UL << 0, 1UL << 0, All(DaysOfMonth), All(Months), 1UL << 0, location),
            "@daily" or "@midnight" => new SpecSchedule(1UL << 0, 1UL << 0, 1UL << 0, All(DaysOfMonth), All(Months), All(DaysOfWeek), location),
            "@hourly" => new SpecSchedule(1UL << 0, 1UL << 0, All(Hours), All(DaysOfMonth), All(Months), All(DaysOfWeek), location),
            _ => null,
        };
        if (schedule is not null)
        {
            return true;
        }
        const string every = "@every ";
        if (descriptor.StartsWith(every, StringComparison.Ordinal))
        {
            if (!Duration.TryParse(descriptor[every.Length..], out var parsed, out var durationError))
            {
                error = $"failed to parse duration {descriptor}: {durationError}";
                return false;
            }
            // robfig's Every(): at least one second, sub-second remainder dropped.
            var nanoseconds = Math.Max(parsed.Nanoseconds, Duration.Second);
            schedule = new ConstantDelaySchedule(TimeSpan.FromTicks((nanoseconds - (nanoseconds % Duration.Second)) / 100));
            return true;
        }
        error = "unrecognized descriptor: " + descriptor;
        return false;
    }

    private static bool TryGetField(string field, Bounds bounds, out ulong bits, [NotNullWhen(false)] out string? error)
    {
        bits = 0;
        error = null;
        foreach (var expr in field.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryGetRange(expr, bounds, out var rangeBits, out error))
            {
                return false;
            }
            bits |= rangeBits;
        }
        return true;
    }

    private static bool TryGetRange(string expr, Bounds bounds, out ulong bits, [NotNullWhen(false)] out string? error)
    {
        bits = 0;
        uint start, end, step;
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        var singleDigit = lowAndHigh.Length == 1;
        ulong extra = 0;
        if (lowAndHigh[0] is "*" or "?")
        {
            start = bounds.Min;
            end = bounds.Max;
            extra = SpecSchedule.StarBit;
        }
        else
        {
            if (!TryParseIntOrName(lowAndHigh[0], bounds.Names, out start, out error))
            {
                return false;
            }
            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    if (!TryParseIntOrName(lowAndHigh[1], bounds.Names, out end, out error))
                    {
                        return false;
                    }
                    break;
                default:
                    error = "too many hyphens: " + expr;
                    return false;
            }
        }

        switch (rangeAndStep.Length)
        {
            case 1:
                step = 1;
                break;
            case 2:
                if (!TryMustParseInt(rangeAndStep[1], out step, out error))
                {
                    return false;
                }
                // "N/step" means "N-max/step".
                if (singleDigit)
                {
                    end = bounds.Max;
                }
                if (step > 1)
                {
                    extra = 0;
                }
                break;
            default:
                error = "too many slashes: " + expr;
                return false;
        }

        if (start < bounds.Min)
        {
            error = $"beginning of range ({start}) below minimum ({bounds.Min}): {expr}";
            return false;
        }
        if (end > bounds.Max)
        {
            error = $"end of range ({end}) above maximum ({bounds.Max}): {expr}";
            return false;
        }
        if (start > end)
        {
            error = $"beginning of range ({start}) beyond end of range ({end}): {expr}";
            return false;
        }
        if (step == 0)
        {
            error = "step of range should be a positive number: " + expr;
            return false;
        }
        error = null;
        bits = GetBits(start, end, step) | extra;
        return true;
    }

    private static bool TryParseIntOrName(string expr, Dictionary<string, uint>? names, out uint value, [NotNullWhen(false)] out string? error)
    {
        if (names is not null && names.TryGetValue(expr.ToLowerInvariant(), out value))
        {
            error = null;
            return true;
        }
        return TryMustParseInt(expr, out value, out error);
    }

    /// <summary>robfig's mustParseInt: Go's strconv.Atoi, then negatives refused.</summary>
    private static bool TryMustParseInt(string expr, out uint value, [NotNullWhen(false)] out string? error)
    {
        value = 0;
        var digits = expr.StartsWith('+') || expr.StartsWith('-') ? expr[1..] : expr;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            error = $"failed to parse int from {expr}: strconv.Atoi: parsing \"{expr}\": invalid syntax";
            return false;
        }
        if (!long.TryParse(expr, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            error = $"failed to parse int from {expr}: strconv.Atoi: parsing \"{expr}\": value out of range";
            return false;
        }
        if (number < 0)
        {
            error = $"negative number ({number}) not allowed: {expr}";
            return false;
        }
        // Go converts to uint; anything above a field's maximum is rejected by the range checks anyway.
        value = number > uint.MaxValue ? uint.MaxValue : (uint)number;
        error = null;
        return true;
    }

    private static ulong GetBits(uint min, uint max, uint step)
    {
        if (step == 1)
        {
            return ~(ulong.MaxValue << (int)(max + 1)) & (ulong.MaxValue << (int)min);
        }
        ulong bits = 0;
        for (var i = min; i <= max; i += step)
        {
            bits |= 1UL << (int)i;
        }
        return bits;
    }

    private static ulong All(Bounds bounds) => GetBits(bounds.Min, bounds.Max, 1) | SpecSchedule.StarBit;

    private sealed record Bounds(uint Min, uint Max, Dictionary<string, uint>? Names);
}
