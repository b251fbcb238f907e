using System.Text.RegularExpressions;

namespace KubeSharp.ApiServer.Validation.Batch;

/// <summary>IANA time zone lookups with Go's <c>time.LoadLocation</c> error text.</summary>
internal static partial class TimeZones
{
    [GeneratedRegex(@"^[A-Za-z\.\-_0-9+]{1,14}$", RegexOptions.CultureInvariant)]
    internal static partial Regex ValidCharacters();

    /// <summary>Null when the zone loads, otherwise Go's <c>time.LoadLocation</c> error (<c>unknown time zone X</c>),
    /// from the cron parser's loader.</summary>
    public static string? LoadLocationError(string name)
        => Api.Cron.CronParser.TryLoadLocation(name, out _, out var error) ? null : error;
}
