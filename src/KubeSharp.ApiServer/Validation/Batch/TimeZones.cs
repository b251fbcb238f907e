using System.Text.RegularExpressions;

namespace KubeSharp.ApiServer.Validation.Batch;

/// <summary>IANA time zone lookups with Go's <c>time.LoadLocation</c> error text.</summary>
internal static partial class TimeZones
{
    [GeneratedRegex(@"^[A-Za-z\.\-_0-9+]{1,14}$", RegexOptions.CultureInvariant)]
    internal static partial Regex ValidCharacters();

    /// <summary>Null when the zone loads, otherwise Go's error (<c>unknown time zone X</c>).</summary>
    public static string? LoadLocationError(string name)
    {
        if (name.Length == 0 || name == "UTC")
        {
            return null;
        }

        if (name == "Local")
        {
            return null;
        }

        var known = name.Split('/').All(part => part.Length > 0 && part is not ("." or "..")) && TryFind(name);
        return known ? null : "unknown time zone " + name;
    }

    private static bool TryFind(string name)
    {
        try
        {
            return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) && zone is not null;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }
}
