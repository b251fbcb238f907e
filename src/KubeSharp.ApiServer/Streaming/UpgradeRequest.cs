using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Streaming;

/// <summary>The protocol a client asks to switch to.</summary>
public enum UpgradeProtocol
{
    /// <summary><c>Upgrade: websocket</c> (RFC 6455); kubectl offers <c>v5.channel.k8s.io</c> for exec/attach and
    /// <c>SPDY/3.1+portforward.k8s.io</c> for port-forward in Sec-WebSocket-Protocol.</summary>
    WebSocket,

    /// <summary><c>Upgrade: SPDY/3.1</c> (POST), the fallback; sub-protocols come in X-Stream-Protocol-Version
    /// (<c>v5.channel.k8s.io</c> ... <c>channel.k8s.io</c>, or <c>portforward.k8s.io</c>).</summary>
    Spdy,
}

/// <summary>A client's upgrade request, as upstream's httpstream.IsUpgradeRequest sees it: a <c>Connection</c>
/// header naming <c>Upgrade</c> and an <c>Upgrade</c> header; <see cref="SubProtocols"/> in the client's order.</summary>
public sealed record UpgradeRequest(UpgradeProtocol Protocol, string Upgrade, IReadOnlyList<string> SubProtocols)
{
    public static UpgradeRequest? From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var connectionUpgrade = request.Headers.Connection
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Any(t => t.Equals("Upgrade", StringComparison.OrdinalIgnoreCase));
        var upgrade = request.Headers.Upgrade.ToString();
        if (!connectionUpgrade || upgrade.Length == 0)
        {
            return null;
        }
        var webSocket = upgrade.Equals("websocket", StringComparison.OrdinalIgnoreCase);
        var values = webSocket ? request.Headers.SecWebSocketProtocol : request.Headers["X-Stream-Protocol-Version"];
        var protocols = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        return new UpgradeRequest(webSocket ? UpgradeProtocol.WebSocket : UpgradeProtocol.Spdy, upgrade, protocols);
    }
}
