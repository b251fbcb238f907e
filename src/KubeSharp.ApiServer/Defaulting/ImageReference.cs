using System.Text.RegularExpressions;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>
/// The tag of a container image reference as upstream's <c>parsers.ParseImageName</c> sees it (Docker's
/// normalized reference grammar, <c>github.com/distribution/reference</c>): used to default
/// <c>imagePullPolicy</c>.
/// </summary>
internal static partial class ImageReference
{
    private const int NameTotalLengthMax = 255;

    // name [":" tag] ["@" digest], the name being [domain[:port] "/"] path-component ("/" path-component)*.
    [GeneratedRegex(
        @"^((?:(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[(?:[a-fA-F0-9:]+)\])(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*)(?::([0-9A-Za-z_][0-9A-Za-z_.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}))?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex("^[a-f0-9]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    [GeneratedRegex("^[a-f0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LowerHex();

    /// <summary>
    /// The tag upstream uses to pick a pull policy: the explicit tag, <c>latest</c> when the reference has
    /// neither tag nor digest, <c>""</c> when it has only a digest or does not parse (upstream ignores the
    /// parse error there, so an invalid image pulls IfNotPresent).
    /// </summary>
    public static string Tag(string image)
    {
        if (!TryParse(image, out var tag, out var digest))
        {
            return "";
        }
        return tag.Length == 0 && digest.Length == 0 ? "latest" : tag;
    }

    /// <summary>Images whose pull policy was worked out (a cluster runs few distinct images; the regular expression
    /// is the costly part of defaulting a pod). The answer depends on the string alone; the table is emptied when full.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> PullPolicies = new(StringComparer.Ordinal);

    private const int MaxRememberedImages = 4096;

    /// <summary><c>Always</c> for the <c>latest</c> tag (explicit or implied), else <c>IfNotPresent</c>.</summary>
    public static string DefaultPullPolicy(string image)
    {
        if (PullPolicies.TryGetValue(image, out var known))
        {
            return known;
        }

        var policy = Tag(image) == "latest" ? Api.Core.V1.PullPolicy.PullAlways : Api.Core.V1.PullPolicy.PullIfNotPresent;
        if (image.Length <= NameTotalLengthMax * 2)
        {
            if (PullPolicies.Count >= MaxRememberedImages)
            {
                PullPolicies.Clear();
            }

            PullPolicies[image] = policy;
        }

        return policy;
    }

    private static bool TryParse(string image, out string tag, out string digest)
    {
        tag = "";
        digest = "";
        if (Identifier().IsMatch(image))
        {
            return false;
        }
        var (domain, remainder) = SplitDockerDomain(image);
        var tagSeparator = remainder.IndexOf(':', StringComparison.Ordinal);
        var remote = tagSeparator >= 0 ? remainder[..tagSeparator] : remainder;
        if (!string.Equals(remote.ToLowerInvariant(), remote, StringComparison.Ordinal))
        {
            return false;
        }
        var match = Reference().Match(domain + "/" + remainder);
        if (!match.Success || match.Groups[1].Length > NameTotalLengthMax)
        {
            return false;
        }
        if (match.Groups[3].Success && !ValidDigest(match.Groups[3].Value))
        {
            return false;
        }
        tag = match.Groups[2].Value;
        digest = match.Groups[3].Value;
        return true;
    }

    private static (string Domain, string Remainder) SplitDockerDomain(string name)
    {
        const string DefaultDomain = "docker.io";
        string domain;
        string remainder;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || (name.AsSpan(0, slash).IndexOfAny('.', ':') < 0 && name[..slash] != "localhost"
            && string.Equals(name[..slash].ToLowerInvariant(), name[..slash], StringComparison.Ordinal)))
        {
            domain = DefaultDomain;
            remainder = name;
        }
        else
        {
            domain = name[..slash];
            remainder = name[(slash + 1)..];
        }
        if (domain == "index.docker.io")
        {
            domain = DefaultDomain;
        }
        if (domain == DefaultDomain && !remainder.Contains('/', StringComparison.Ordinal))
        {
            remainder = "library/" + remainder;
        }
        return (domain, remainder);
    }

    // go-digest: a known algorithm with the right number of lower-case hex digits.
    private static bool ValidDigest(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var encoded = digest[(colon + 1)..];
        var size = digest[..colon] switch
        {
            "sha256" => 64,
            "sha384" => 96,
            "sha512" => 128,
            _ => -1,
        };
        return size == encoded.Length && LowerHex().IsMatch(encoded);
    }
}
