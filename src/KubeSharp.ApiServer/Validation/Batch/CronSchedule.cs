using System.Globalization;
using KubeSharp.Api;

namespace KubeSharp.ApiServer.Validation.Batch;

/// <summary>
/// A schedule checker with the semantics and error texts of <c>github.com/robfig/cron/v3</c>'s
/// <c>ParseStandard</c> (five fields, names for months and weekdays, <c>*</c>/<c>?</c>, ranges, steps,
/// lists, descriptors such as <c>@daily</c> and <c>@every 1h</c>, and a <c>TZ=</c>/<c>CRON_TZ=</c> prefix).
/// </summary>
public static class CronSchedule
{
    private static readonly Dictionary<string, uint> MonthNames = new(StringComparer.Ordinal)
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
    };

    private static readonly Dictionary<string, uint> DayNames = new(StringComparer.Ordinal)
    {
        ["sun"] = 0,
        ["mon"] = 1,
        ["tue"] = 2,
        ["wed"] = 3,
        ["thu"] = 4,
        ["fri"] = 5,
        ["sat"] = 6,
    };

    /// <summary>Returns null when <paramref name="spec"/> parses, otherwise robfig/cron's error text.</summary>
    public static string? Validate(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Length == 0)
        {
            return "empty spec string";
        }

        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (space < 0)
            {
                // Go slices spec[eq+1:-1] and panics; treat as an unknown location.
                return "provided bad location " + spec[(eq + 1)..] + ": unknown time zone " + spec[(eq + 1)..];
            }

            var location = spec[(eq + 1)..space];
            if (TimeZones.LoadLocationError(location) is { } tzError)
            {
                return "provided bad location " + location + ": " + tzError;
            }

            spec = spec[space..].Trim();
        }

        if (spec.StartsWith('@'))
        {
            return Descriptor(spec);
        }

        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return string.Create(CultureInfo.InvariantCulture, $"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]");
        }

        return Field(fields[0], 0, 59, null)
            ?? Field(fields[1], 0, 23, null)
            ?? Field(fields[2], 1, 31, null)
            ?? Field(fields[3], 1, 12, MonthNames)
            ?? Field(fields[4], 0, 6, DayNames);
    }

    private static string? Descriptor(string descriptor)
    {
        switch (descriptor)
        {
            case "@yearly":
            case "@annually":
            case "@monthly":
            case "@weekly":
            case "@daily":
            case "@midnight":
            case "@hourly":
                return null;
        }

        const string every = "@every ";
        if (descriptor.StartsWith(every, StringComparison.Ordinal))
        {
            return Duration.TryParse(descriptor[every.Length..], out _, out var error) ? null : "failed to parse duration " + descriptor + ": " + error;
        }

        return "unrecognized descriptor: " + descriptor;
    }

    private static string? Field(string field, uint min, uint max, Dictionary<string, uint>? names)
    {
        foreach (var expr in field.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Range(expr, min, max, names) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static string? Range(string expr, uint min, uint max, Dictionary<string, uint>? names)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        var singleDigit = lowAndHigh.Length == 1;
        uint start, end;
        if (lowAndHigh[0] is "*" or "?")
        {
            start = min;
            end = max;
        }
        else
        {
            if (ParseIntOrName(lowAndHigh[0], names, out start) is { } startError)
            {
                return startError;
            }

            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    if (ParseIntOrName(lowAndHigh[1], names, out end) is { } endError)
                    {
                        return endError;
                    }

                    break;
                default:
                    return "too many hyphens: " + expr;
            }
        }

        uint step;
        switch (rangeAndStep.Length)
        {
            case 1:
                step = 1;
                break;
            case 2:
                if (MustParseInt(rangeAndStep[1], out step) is { } stepError)
                {
                    return stepError;
                }

                if (singleDigit)
                {
                    end = max;
                }

                break;
            default:
                return "too many slashes: " + expr;
        }

        if (start < min)
        {
            return string.Create(CultureInfo.InvariantCulture, $"beginning of range ({start}) below minimum ({min}): {expr}");
        }

        if (end > max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"end of range ({end}) above maximum ({max}): {expr}");
        }

        if (start > end)
        {
            return string.Create(CultureInfo.InvariantCulture, $"beginning of range ({start}) beyond end of range ({end}): {expr}");
        }

        return step == 0 ? "step of range should be a positive number: " + expr : null;
    }

    private static string? ParseIntOrName(string expr, Dictionary<string, uint>? names, out uint value)
    {
        if (names is not null && names.TryGetValue(expr.ToLowerInvariant(), out value))
        {
            return null;
        }

        return MustParseInt(expr, out value);
    }

    private static string? MustParseInt(string expr, out uint value)
    {
        value = 0;
        var digits = expr.AsSpan();
        var negative = false;
        if (digits.Length > 0 && digits[0] is '+' or '-')
        {
            negative = digits[0] == '-';
            digits = digits[1..];
        }

        var syntaxOk = digits.Length > 0;
        foreach (var c in digits)
        {
            syntaxOk &= c is >= '0' and <= '9';
        }

        if (!syntaxOk)
        {
            return "failed to parse int from " + expr + ": strconv.Atoi: parsing " + GoSyntax.Quote(expr) + ": invalid syntax";
        }

        if (!long.TryParse(expr, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return "failed to parse int from " + expr + ": strconv.Atoi: parsing " + GoSyntax.Quote(expr) + ": value out of range";
        }

        if (negative && number < 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"negative number ({number}) not allowed: {expr}");
        }

        value = number > uint.MaxValue ? uint.MaxValue : (uint)number;
        return null;
    }
}
