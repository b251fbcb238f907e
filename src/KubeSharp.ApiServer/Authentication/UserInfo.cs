namespace KubeSharp.ApiServer.Authentication;

/// <summary>Who made a request: user name, uid, groups and extra attributes, as upstream's user.Info.</summary>
public sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    /// <summary>The group every authenticated user is in.</summary>
    public const string AuthenticatedGroup = "system:authenticated";

    /// <summary>Unrestricted superusers.</summary>
    public const string MastersGroup = "system:masters";
}
