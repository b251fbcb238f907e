using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Authentication;

/// <summary>One way of establishing who sent a request (client certificate, bearer token, ...).</summary>
/// <remarks>Authenticators form a chain: the first that recognises the credentials decides. Implementations
/// are thread-safe and must not log credentials.</remarks>
public interface IAuthenticator
{
    /// <summary>Authenticates a request. Returns <see cref="AuthenticationResult.NotApplicable"/> when the
    /// request carries no credentials of this kind.</summary>
    ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken);
}
