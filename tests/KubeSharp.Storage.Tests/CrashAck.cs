using System.Globalization;

namespace KubeSharp.Storage.Tests;

/// <summary>One acknowledged write as the crash writer printed it: <c>ACK op key revision sequence END</c>.</summary>
internal sealed record CrashAck(string Op, string Key, long Revision, long Sequence)
{
    /// <summary>The write on a whole line, or null (another line, or one cut short by the kill).</summary>
    public static CrashAck? Parse(string line)
    {
        var parts = line.Split(' ');
        return parts is ["ACK", var op, var key, var revision, var sequence, "END"]
            ? new CrashAck(op, key, long.Parse(revision, CultureInfo.InvariantCulture), long.Parse(sequence, CultureInfo.InvariantCulture))
            : null;
    }
}
