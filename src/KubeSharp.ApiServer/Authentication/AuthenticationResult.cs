namespace KubeSharp.ApiServer.Authentication;

/// <summary>The outcome of one authenticator.</summary>
/// <param name="User">The user, when authenticated.</param>
/// <param name="Failure">Why the credentials were rejected, when they were.</param>
public sealed record AuthenticationResult(UserInfo? User, string? Failure)
{
    /// <summary>The request carries no credentials this authenticator understands.</summary>
    public static AuthenticationResult NotApplicable { get; } = new(null, null);

    public static AuthenticationResult Success(UserInfo user) => new(user, null);

    public static AuthenticationResult Failed(string reason) => new(null, reason);
}
