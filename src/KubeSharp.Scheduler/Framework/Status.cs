namespace KubeSharp.Scheduler.Framework;

/// <summary>A plugin's result code (upstream's <c>framework.Code</c>).</summary>
public enum StatusCode
{
    /// <summary>The plugin ran correctly and found the pod schedulable (or the step succeeded).</summary>
    Success = 0,

    /// <summary>An internal error; not a scheduling verdict.</summary>
    Error = 1,

    /// <summary>The pod does not fit now; preemption may help.</summary>
    Unschedulable = 2,

    /// <summary>The pod does not fit and preemption would not help (e.g. a node selector mismatch).</summary>
    UnschedulableAndUnresolvable = 3,

    /// <summary>A Permit plugin asks to wait.</summary>
    Wait = 4,

    /// <summary>The plugin has nothing to do for this pod; its later extension points are skipped.</summary>
    Skip = 5,

    /// <summary>The pod waits for something outside the scheduler (upstream's Pending).</summary>
    Pending = 6,
}

/// <summary>
/// The result of running a plugin (upstream's <c>*framework.Status</c>): a code, the reasons shown to users and the
/// plugin that failed. <see cref="Success"/> is a shared instance; statuses are immutable once returned from the
/// framework.
/// </summary>
public sealed class Status
{
    private static readonly string[] NoReasons = [];

    /// <summary>The shared success status (upstream's nil status).</summary>
    public static Status Success { get; } = new(StatusCode.Success, NoReasons, null, null);

    /// <summary>The shared Skip status without reasons.</summary>
    public static Status SkipStatus { get; } = new(StatusCode.Skip, NoReasons, null, null);

    private readonly string[] _reasons;

    // The last WithPlugin result: a plugin returning a cached status gets the same tagged instance back, so a
    // failing node costs no allocation in the filter loop. Races only create an equal duplicate.
    private Status? _tagged;

    private Status(StatusCode code, string[] reasons, string? plugin, Exception? error)
    {
        Code = code;
        _reasons = reasons;
        Plugin = plugin;
        Error = error;
    }

    /// <summary>The code.</summary>
    public StatusCode Code { get; }

    /// <summary>The reasons, in order (upstream's <c>Reasons()</c>).</summary>
    public IReadOnlyList<string> Reasons => _reasons;

    /// <summary>The plugin that returned this status, when the framework recorded it (upstream's FailedPlugin).</summary>
    public string? Plugin { get; }

    /// <summary>The error, for <see cref="StatusCode.Error"/>.</summary>
    public Exception? Error { get; }

    /// <summary>True for <see cref="StatusCode.Success"/>.</summary>
    public bool IsSuccess => Code == StatusCode.Success;

    /// <summary>True for <see cref="StatusCode.Skip"/>.</summary>
    public bool IsSkip => Code == StatusCode.Skip;

    /// <summary>True for Unschedulable and UnschedulableAndUnresolvable (upstream's <c>IsRejected</c>, less Pending).</summary>
    public bool IsUnschedulable => Code is StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable;

    /// <summary>True when the status rejects the pod (Unschedulable, UnschedulableAndUnresolvable or Pending).</summary>
    public bool IsRejected => Code is StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable or StatusCode.Pending;

    /// <summary>The reasons joined by ", " (upstream's <c>Message()</c>).</summary>
    public string Message => _reasons.Length == 0 ? "" : _reasons.Length == 1 ? _reasons[0] : string.Join(", ", _reasons);

    /// <summary>A status with the code and reasons (upstream's <c>NewStatus</c>).</summary>
    public static Status Create(StatusCode code, params string[] reasons) =>
        code == StatusCode.Success && reasons.Length == 0 ? Success : new(code, reasons, null, null);

    /// <summary>An Unschedulable status.</summary>
    public static Status Unschedulable(params string[] reasons) => new(StatusCode.Unschedulable, reasons, null, null);

    /// <summary>An UnschedulableAndUnresolvable status.</summary>
    public static Status Unresolvable(params string[] reasons) => new(StatusCode.UnschedulableAndUnresolvable, reasons, null, null);

    /// <summary>An Error status carrying the exception's message as its reason (upstream's <c>AsStatus</c>).</summary>
    public static Status FromError(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(StatusCode.Error, [error.Message], null, error);
    }

    /// <summary>An Error status with a message.</summary>
    public static Status AsError(string message) => new(StatusCode.Error, [message], null, new InvalidOperationException(message));

    /// <summary>This status, recorded as coming from <paramref name="plugin"/> (upstream's <c>SetPlugin</c>).</summary>
    public Status WithPlugin(string plugin)
    {
        if (Plugin == plugin || IsSuccess)
        {
            return this;
        }

        var tagged = _tagged;
        if (tagged is not null && tagged.Plugin == plugin)
        {
            return tagged;
        }

        tagged = new(Code, _reasons, plugin, Error);
        _tagged = tagged;
        return tagged;
    }

    /// <summary>The same reasons with another code.</summary>
    public Status WithCode(StatusCode code) => code == Code ? this : new(code, _reasons, Plugin, Error);

    /// <inheritdoc/>
    public override string ToString() => $"{Code}: {Message}";
}
