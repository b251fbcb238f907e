namespace KubeSharp.Api;

/// <summary>
/// Go's <c>time.Parse</c> and <c>Time.AppendFormat</c> for the two layouts the API uses:
/// <c>time.RFC3339</c> (<see cref="Rfc3339Layout"/>) and metav1's <c>RFC3339Micro</c>
/// (<see cref="Rfc3339MicroLayout"/>), with Go's error texts.
/// </summary>
internal static class GoTime
{
    internal const string Rfc3339Layout = "2006-01-02T15:04:05Z07:00";
    internal const string Rfc3339MicroLayout = "2006-01-02T15:04:05.000000Z07:00";

    private const long SecondsPerDay = 86_400;

    // Days from 0001-01-01 to 1970-01-01.
    private const long DaysToUnixEpoch = 719_162;

    /// <summary>
    /// <c>time.Parse(layout, value)</c> for <see cref="Rfc3339Layout"/> (<paramref name="micro"/> false)
    /// or <see cref="Rfc3339MicroLayout"/>. On failure <paramref name="error"/> is Go's <c>*time.ParseError</c> text.
    /// </summary>
    internal static bool TryParse(string value, bool micro, out GoInstant instant, out string? error)
    {
        error = null;
        if (!micro && TryParseRfc3339Fast(value, out instant))
        {
            return true;
        }
        return TryParseLayout(value, micro, out instant, out error);
    }

    /// <summary>
    /// Writes the instant in UTC as <c>2006-01-02T15:04:05Z</c>, with <paramref name="fractionDigits"/>
    /// digits of the second (truncated) when not 0. Returns the number of characters written;
    /// <paramref name="destination"/> needs 32 characters.
    /// </summary>
    internal static int FormatUtc(GoInstant instant, int fractionDigits, Span<char> destination)
    {
        var days = FloorDiv(instant.Seconds, SecondsPerDay, out var secondOfDay);
        var (year, month, day) = CivilFromDays(days - DaysToUnixEpoch);
        var pos = 0;
        if (year < 0)
        {
            destination[pos++] = '-';
            year = -year;
        }
        pos += WriteNumber(year, 4, destination[pos..]);
        destination[pos++] = '-';
        pos += WriteNumber(month, 2, destination[pos..]);
        destination[pos++] = '-';
        pos += WriteNumber(day, 2, destination[pos..]);
        destination[pos++] = 'T';
        pos += WriteNumber(secondOfDay / 3600, 2, destination[pos..]);
        destination[pos++] = ':';
        pos += WriteNumber(secondOfDay / 60 % 60, 2, destination[pos..]);
        destination[pos++] = ':';
        pos += WriteNumber(secondOfDay % 60, 2, destination[pos..]);
        if (fractionDigits > 0)
        {
            destination[pos++] = '.';
            var nanos = instant.Nanos;
            for (var i = 0; i < 9 - fractionDigits; i++)
            {
                nanos /= 10;
            }
            pos += WriteNumber(nanos, fractionDigits, destination[pos..]);
        }
        destination[pos++] = 'Z';
        return pos;
    }

    internal static string FormatUtc(GoInstant instant, int fractionDigits)
    {
        Span<char> buffer = stackalloc char[40];
        return new string(buffer[..FormatUtc(instant, fractionDigits, buffer)]);
    }

    /// <summary>Go 1.20+'s fast path for RFC 3339 (<c>parseRFC3339</c>); false sends the input to the
    /// general parser, which accepts a few more forms and produces the error.</summary>
    internal static bool TryParseRfc3339Fast(ReadOnlySpan<char> s, out GoInstant instant)
    {
        instant = default;
        if (s.Length < "2006-01-02T15:04:05".Length)
        {
            return false;
        }
        var ok = true;
        var year = ParseUint(s[0..4], 0, 9999, ref ok);
        var month = ParseUint(s[5..7], 1, 12, ref ok);
        var day = ParseUint(s[8..10], 1, DaysIn(month, year), ref ok);
        var hour = ParseUint(s[11..13], 0, 23, ref ok);
        var minute = ParseUint(s[14..16], 0, 59, ref ok);
        var second = ParseUint(s[17..19], 0, 59, ref ok);
        if (!ok || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }
        s = s[19..];

        var nanos = 0;
        if (s.Length >= 2 && s[0] == '.' && char.IsAsciiDigit(s[1]))
        {
            var n = 2;
            while (n < s.Length && char.IsAsciiDigit(s[n]))
            {
                n++;
            }
            ParseNanoseconds(s, n, out nanos, out _);
            s = s[n..];
        }

        var offset = 0;
        if (s.Length != 1 || s[0] != 'Z')
        {
            if (s.Length != "-07:00".Length)
            {
                return false;
            }
            var offsetHour = ParseUint(s[1..3], 0, 23, ref ok);
            var offsetMinute = ParseUint(s[4..6], 0, 59, ref ok);
            if (!ok || s[0] is not ('-' or '+') || s[3] != ':')
            {
                return false;
            }
            offset = ((offsetHour * 60) + offsetMinute) * 60;
            if (s[0] == '-')
            {
                offset = -offset;
            }
        }
        instant = ToInstant(year, month, day, hour, minute, second, nanos, offset);
        return true;
    }

    private static int ParseUint(ReadOnlySpan<char> s, int min, int max, ref bool ok)
    {
        var x = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                ok = false;
                return min;
            }
            x = (x * 10) + (c - '0');
        }
        if (x < min || x > max)
        {
            ok = false;
            return min;
        }
        return x;
    }

    /// <summary>
    /// Go's general <c>time.Parse</c> loop, unrolled for the two layouts: each layout element consumes
    /// its part of the value, and the first mismatch is reported against that element.
    /// </summary>
    private static bool TryParseLayout(string value, bool micro, out GoInstant instant, out string? error)
    {
        instant = default;
        var layout = micro ? Rfc3339MicroLayout : Rfc3339Layout;
        var rest = value.AsSpan();

        string CannotParse(ReadOnlySpan<char> valueElem, string layoutElem)
            => "parsing time " + GoStrconv.TimeQuote(value) + " as " + GoStrconv.TimeQuote(layout)
                + ": cannot parse " + GoStrconv.TimeQuote(valueElem) + " as " + GoStrconv.TimeQuote(layoutElem);

        string OutOfRange(string what) => "parsing time " + GoStrconv.TimeQuote(value) + ": " + what + " out of range";

        // 2006: four characters, the first a digit, that parse as a number.
        if (rest.Length < 4 || !char.IsAsciiDigit(rest[0]) || !TryAtoi(rest[..4], out var year))
        {
            error = CannotParse(rest, "2006");
            return false;
        }
        rest = rest[4..];

        if (!Skip(ref rest, '-'))
        {
            error = CannotParse(rest, "-");
            return false;
        }
        var hold = rest;
        if (!GetNum(ref rest, fixedWidth: true, out var month))
        {
            error = CannotParse(hold, "01");
            return false;
        }
        if (month is <= 0 or > 12)
        {
            error = OutOfRange("month");
            return false;
        }

        if (!Skip(ref rest, '-'))
        {
            error = CannotParse(rest, "-");
            return false;
        }
        hold = rest;
        if (!GetNum(ref rest, fixedWidth: true, out var day))
        {
            error = CannotParse(hold, "02");
            return false;
        }

        if (!Skip(ref rest, 'T'))
        {
            error = CannotParse(rest, "T");
            return false;
        }
        hold = rest;
        // "15" takes one or two digits.
        if (!GetNum(ref rest, fixedWidth: false, out var hour))
        {
            error = CannotParse(hold, "15");
            return false;
        }
        if (hour >= 24)
        {
            error = OutOfRange("hour");
            return false;
        }

        if (!Skip(ref rest, ':'))
        {
            error = CannotParse(rest, ":");
            return false;
        }
        hold = rest;
        if (!GetNum(ref rest, fixedWidth: true, out var minute))
        {
            error = CannotParse(hold, "04");
            return false;
        }
        if (minute >= 60)
        {
            error = OutOfRange("minute");
            return false;
        }

        if (!Skip(ref rest, ':'))
        {
            error = CannotParse(rest, ":");
            return false;
        }
        hold = rest;
        if (!GetNum(ref rest, fixedWidth: true, out var second))
        {
            error = CannotParse(hold, "05");
            return false;
        }
        if (second >= 60)
        {
            error = OutOfRange("second");
            return false;
        }

        var nanos = 0;
        if (!micro)
        {
            // A fraction in the value that the layout does not mention is still accepted (with '.' or ',').
            if (rest.Length >= 2 && rest[0] is '.' or ',' && char.IsAsciiDigit(rest[1]))
            {
                var n = 2;
                while (n < rest.Length && char.IsAsciiDigit(rest[n]))
                {
                    n++;
                }
                ParseNanoseconds(rest, n, out nanos, out _);
                rest = rest[n..];
            }
        }
        else
        {
            // ".000000" needs exactly six characters after the separator.
            hold = rest;
            if (rest.Length < 7 || !ParseNanoseconds(rest, 7, out nanos, out var negative))
            {
                error = CannotParse(hold, ".000000");
                return false;
            }
            if (negative)
            {
                error = OutOfRange("fractional second");
                return false;
            }
            rest = rest[7..];
        }

        // Z07:00: "Z", or a sign, two digits, ':' and two digits.
        var offset = 0;
        hold = rest;
        if (rest.Length >= 1 && rest[0] == 'Z')
        {
            rest = rest[1..];
        }
        else
        {
            if (rest.Length < 6 || rest[3] != ':')
            {
                error = CannotParse(hold, "Z07:00");
                return false;
            }
            var sign = rest[0];
            var hourText = rest[1..3];
            var minuteText = rest[4..6];
            rest = rest[6..];
            var parsed = GetNum(ref hourText, fixedWidth: true, out var offsetHour);
            var offsetMinute = 0;
            if (parsed)
            {
                parsed = GetNum(ref minuteText, fixedWidth: true, out offsetMinute);
            }
            // Upstream allows 24 hours and 60 minutes, as some people write them.
            string? rangeError = null;
            if (offsetHour > 24)
            {
                rangeError = "time zone offset hour";
            }
            if (offsetMinute > 60)
            {
                rangeError = "time zone offset minute";
            }
            if (rangeError is not null)
            {
                error = OutOfRange(rangeError);
                return false;
            }
            if (!parsed || sign is not ('+' or '-'))
            {
                error = CannotParse(hold, "Z07:00");
                return false;
            }
            offset = ((offsetHour * 60) + offsetMinute) * 60;
            if (sign == '-')
            {
                offset = -offset;
            }
        }

        if (!rest.IsEmpty)
        {
            error = "parsing time " + GoStrconv.TimeQuote(value) + ": extra text: " + GoStrconv.TimeQuote(rest);
            return false;
        }
        if (day < 1 || day > DaysIn(month, year))
        {
            error = "parsing time " + GoStrconv.TimeQuote(value) + ": day out of range";
            return false;
        }
        instant = ToInstant(year, month, day, hour, minute, second, nanos, offset);
        error = null;
        return true;
    }

    private static bool Skip(ref ReadOnlySpan<char> value, char literal)
    {
        if (value.IsEmpty || value[0] != literal)
        {
            return false;
        }
        value = value[1..];
        return true;
    }

    /// <summary>Go's <c>getnum</c>: one or two leading digits (exactly two when fixed).</summary>
    private static bool GetNum(ref ReadOnlySpan<char> s, bool fixedWidth, out int number)
    {
        number = 0;
        if (s.IsEmpty || !char.IsAsciiDigit(s[0]))
        {
            return false;
        }
        if (s.Length < 2 || !char.IsAsciiDigit(s[1]))
        {
            if (fixedWidth)
            {
                return false;
            }
            number = s[0] - '0';
            s = s[1..];
            return true;
        }
        number = ((s[0] - '0') * 10) + (s[1] - '0');
        s = s[2..];
        return true;
    }

    /// <summary>Go's <c>atoi</c> in package time: an optional sign and digits, nothing else.</summary>
    private static bool TryAtoi(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        var negative = false;
        if (!s.IsEmpty && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        long x = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            x = (x * 10) + (c - '0');
            if (x > int.MaxValue)
            {
                return false;
            }
        }
        value = (int)(negative ? -x : x);
        return true;
    }

    /// <summary>
    /// Go's <c>parseNanoseconds</c>: <paramref name="value"/>[0] is '.' or ',' and the next
    /// <paramref name="length"/>-1 characters are the fraction (only the first nine count).
    /// </summary>
    private static bool ParseNanoseconds(ReadOnlySpan<char> value, int length, out int nanos, out bool negative)
    {
        nanos = 0;
        negative = false;
        if (value[0] is not ('.' or ','))
        {
            return false;
        }
        if (length > 10)
        {
            length = 10;
        }
        if (!TryAtoi(value[1..length], out nanos))
        {
            return false;
        }
        if (nanos < 0)
        {
            negative = true;
            return true;
        }
        for (var i = 0; i < 10 - length; i++)
        {
            nanos *= 10;
        }
        return true;
    }

    private static GoInstant ToInstant(int year, int month, int day, int hour, int minute, int second, int nanos, int offsetSeconds)
    {
        var days = DaysFromCivil(year, month, day) + DaysToUnixEpoch;
        var seconds = (days * SecondsPerDay) + (hour * 3600L) + (minute * 60L) + second - offsetSeconds;
        return new GoInstant(seconds, nanos);
    }

    private static int DaysIn(int month, int year)
        => month switch
        {
            2 => IsLeap(year) ? 29 : 28,
            4 or 6 or 9 or 11 => 30,
            _ => 31,
        };

    private static bool IsLeap(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    // Days since 1970-01-01 of a proleptic Gregorian date (any year).
    private static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - (era * 400);
        var dayOfYear = (((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5) + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097) + dayOfEra - 719_468;
    }

    private static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719_468;
        var era = (days >= 0 ? days : days - 146_096) / 146_097;
        var dayOfEra = days - (era * 146_097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var mp = ((5 * dayOfYear) + 2) / 153;
        var day = (int)(dayOfYear - (((153 * mp) + 2) / 5) + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (yearOfEra + (era * 400) + (month <= 2 ? 1 : 0), month, day);
    }

    private static long FloorDiv(long value, long divisor, out long remainder)
    {
        var quotient = Math.DivRem(value, divisor, out remainder);
        if (remainder < 0)
        {
            remainder += divisor;
            quotient--;
        }
        return quotient;
    }

    private static int WriteNumber(long value, int width, Span<char> destination)
    {
        Span<char> digits = stackalloc char[20];
        var n = 0;
        do
        {
            digits[n++] = (char)('0' + (value % 10));
            value /= 10;
        }
        while (value > 0);
        var pos = 0;
        for (var i = n; i < width; i++)
        {
            destination[pos++] = '0';
        }
        while (n > 0)
        {
            destination[pos++] = digits[--n];
        }
        return pos;
    }
}
