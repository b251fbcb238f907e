using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Client.Machinery.LeaderElection;

/// <summary>The settings of a <see cref="LeaderElector"/> (client-go's LeaderElectionConfig).</summary>
public sealed class LeaderElectionConfig
{
    /// <summary>The lock competed for (usually a <see cref="LeaseLock"/>).</summary>
    public required IResourceLock Lock { get; init; }

    /// <summary>How long non-leaders wait, after they last saw the record change, before they take the lock.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a failing renewal before it gives up leading.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long candidates wait between tries (acquire: jittered by <see cref="JitterFactor"/>).</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>client-go's JitterFactor (1.2): an acquire retry waits RetryPeriod * (1 + random * factor).</summary>
    public double JitterFactor { get; init; } = 1.2;

    /// <summary>On cancellation the leader clears the holder (with a 1 s lease), so another candidate takes over at
    /// once instead of after the lease expires. Only safe when the leading work has stopped by then, which
    /// <see cref="LeaderElector.RunAsync"/> ensures by waiting for <see cref="LeaderCallbacks.OnStartedLeading"/>.</summary>
    public bool ReleaseOnCancel { get; init; }

    /// <summary>The election's name, for logs.</summary>
    public string Name { get; init; } = "";

    public required LeaderCallbacks Callbacks { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>client-go's NewLeaderElector checks.</summary>
    public void Validate()
    {
        if (LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException("leaseDuration must be greater than renewDeadline");
        }
        if (RenewDeadline <= RetryPeriod * JitterFactor)
        {
            throw new ArgumentException("renewDeadline must be greater than retryPeriod*JitterFactor");
        }
        if (LeaseDuration <= TimeSpan.Zero || RenewDeadline <= TimeSpan.Zero || RetryPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException("leaseDuration, renewDeadline and retryPeriod must be greater than zero");
        }
        if (Lock is null || Callbacks is null || Callbacks.OnStartedLeading is null || Callbacks.OnStoppedLeading is null)
        {
            throw new ArgumentException("Lock, OnStartedLeading and OnStoppedLeading must not be null");
        }
        if (string.IsNullOrEmpty(Lock.Identity))
        {
            throw new ArgumentException("Lock identity is empty");
        }
    }
}

/// <summary>What a <see cref="LeaderElector"/> calls (client-go's LeaderCallbacks).</summary>
public sealed class LeaderCallbacks
{
    /// <summary>Started when this candidate becomes the leader; the token is cancelled when it stops leading. The
    /// work must end when the token is cancelled: the elector waits for it before releasing the lock.</summary>
    public required Func<CancellationToken, Task> OnStartedLeading { get; init; }

    /// <summary>Called when <see cref="LeaderElector.RunAsync"/> ends, after the leading work ended (as in client-go,
    /// also when this candidate never led).</summary>
    public required Action OnStoppedLeading { get; init; }

    /// <summary>Called when the observed leader changes (including to this candidate), with its identity.</summary>
    public Action<string>? OnNewLeader { get; init; }
}

/// <summary>
/// Leader election (client-go's tools/leaderelection): candidates compete for a lock; the holder renews it every
/// RetryPeriod, and others take it once they have seen no change to the record for LeaseDuration, judged by their own
/// clock at the time they observed the last change (not the record's timestamps, so clock skew between candidates
/// does not matter). The leader gives up when renewals fail for RenewDeadline (shorter than LeaseDuration, so it stops
/// before anyone else may start).
/// </summary>
public sealed partial class LeaderElector
{
    private readonly LeaderElectionConfig _config;
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private LeaderElectionRecord _observedRecord = new();
    private LeaderElectionRecord? _lastReadRecord;
    private DateTimeOffset _observedTime;
    private string _reportedLeader = "";

    public LeaderElector(LeaderElectionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _config = config;
        _clock = config.Clock;
        _logger = config.Logger;
    }

    /// <summary>A candidate identity like controller-manager's: the host name, "_", a fresh UUID.</summary>
    public static string NewIdentity() => Environment.MachineName.ToLowerInvariant() + "_" + Guid.NewGuid().ToString();

    /// <summary>Whether this candidate was the holder in the record it last observed.</summary>
    public bool IsLeader
    {
        get
        {
            lock (_lock)
            {
                return _observedRecord.HolderIdentity == _config.Lock.Identity;
            }
        }
    }

    /// <summary>The holder in the record last observed ("" when none).</summary>
    public string GetLeader()
    {
        lock (_lock)
        {
            return _observedRecord.HolderIdentity;
        }
    }

    /// <summary>
    /// client-go's Check (the leader election healthz): an error text when this candidate believes it leads but has not
    /// renewed for longer than LeaseDuration + <paramref name="maxTolerableExpiredLease"/> (its elector is stuck);
    /// null when healthy or not leading.
    /// </summary>
    public string? Check(TimeSpan maxTolerableExpiredLease)
    {
        lock (_lock)
        {
            if (_observedRecord.HolderIdentity != _config.Lock.Identity)
            {
                return null;
            }
            return _clock.GetUtcNow() - _observedTime > _config.LeaseDuration + maxTolerableExpiredLease
                ? $"failed election to renew leadership on lease {_config.Name}"
                : null;
        }
    }

    /// <summary>Creates an elector and runs it (client-go's RunOrDie).</summary>
    public static Task RunAsync(LeaderElectionConfig config, CancellationToken cancellationToken) => new LeaderElector(config).RunAsync(cancellationToken);

    /// <summary>
    /// Competes until this candidate leads, runs <see cref="LeaderCallbacks.OnStartedLeading"/>, renews until
    /// renewal fails for RenewDeadline or <paramref name="cancellationToken"/> is cancelled, then cancels the leading
    /// work, waits for it, releases the lock if <see cref="LeaderElectionConfig.ReleaseOnCancel"/>, and calls
    /// <see cref="LeaderCallbacks.OnStoppedLeading"/>. Ends without throwing on cancellation.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await AcquireAsync(cancellationToken))
            {
                return;
            }
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var work = StartLeading(leading);
            await RenewAsync(leading.Token);
            await leading.CancelAsync();
            try
            {
                await work;
            }
#pragma warning disable CA1031 // The leading work's failure is logged; leadership ends either way.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogLeadingFailed(_logger, e, _config.Lock.Describe());
            }
            catch (OperationCanceledException)
            {
            }
            if (_config.ReleaseOnCancel)
            {
                await ReleaseAsync();
            }
        }
        finally
        {
            _config.Callbacks.OnStoppedLeading();
        }
    }

    private Task StartLeading(CancellationTokenSource leading)
    {
        var token = leading.Token;
        var work = Task.Run(() => _config.Callbacks.OnStartedLeading(token), CancellationToken.None);
        // Leading work that fails ends leadership, as a crash of the process would.
        _ = work.ContinueWith(static (t, state) =>
        {
            try
            {
                ((CancellationTokenSource)state!).Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }, leading, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return work;
    }

    /// <summary>Tries every RetryPeriod (jittered) until the lock is ours; false when cancelled first.</summary>
    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        var description = _config.Lock.Describe();
        LogAttempting(_logger, description);
        while (!cancellationToken.IsCancellationRequested)
        {
            var succeeded = await TryAcquireOrRenewAsync(cancellationToken);
            MaybeReportTransition();
            if (succeeded)
            {
                _config.Lock.RecordEvent("became leader");
                LogAcquired(_logger, description);
                return true;
            }
            var wait = _config.RetryPeriod * (1 + (Random.Shared.NextDouble() * _config.JitterFactor));
            if (!await DelayAsync(wait, cancellationToken))
            {
                break;
            }
        }
        return false;
    }

    /// <summary>Renews every RetryPeriod; a round that cannot renew within RenewDeadline (retrying every
    /// RetryPeriod) ends leadership. Returns when leadership is lost or the token is cancelled.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var description = _config.Lock.Describe();
        while (!cancellationToken.IsCancellationRequested)
        {
            var deadline = _clock.GetUtcNow() + _config.RenewDeadline;
            var renewed = false;
            while (!cancellationToken.IsCancellationRequested)
            {
                var remaining = deadline - _clock.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }
                renewed = await TryWithTimeoutAsync(remaining, cancellationToken);
                if (renewed)
                {
                    break;
                }
                remaining = deadline - _clock.GetUtcNow();
                if (remaining <= TimeSpan.Zero || !await DelayAsync(Min(_config.RetryPeriod, remaining), cancellationToken))
                {
                    break;
                }
            }
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            MaybeReportTransition();
            if (!renewed)
            {
                _config.Lock.RecordEvent("stopped leading");
                LogRenewFailed(_logger, description, _config.RenewDeadline);
                return;
            }
            if (!await DelayAsync(_config.RetryPeriod, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>Gives the lock up: no holder, a 1 s lease (client-go's release).</summary>
    private async Task ReleaseAsync()
    {
        if (!IsLeader)
        {
            return;
        }
        var now = _clock.GetUtcNow();
        LeaderElectionRecord record;
        lock (_lock)
        {
            record = new LeaderElectionRecord { LeaderTransitions = _observedRecord.LeaderTransitions, LeaseDurationSeconds = 1, RenewTime = now, AcquireTime = now };
        }
        using var cancel = new CancellationTokenSource();
        var update = _config.Lock.UpdateAsync(record, cancel.Token);
        try
        {
            try
            {
                await update.WaitAsync(_config.RenewDeadline, _clock);
            }
            catch (TimeoutException)
            {
                await cancel.CancelAsync();
                await update;
            }
            SetObservedRecord(record);
            LogReleased(_logger, _config.Lock.Describe());
        }
#pragma warning disable CA1031 // A failed release is logged; the lease then expires on its own.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReleaseFailed(_logger, e, _config.Lock.Describe());
        }
    }

    /// <summary>A try bounded by <paramref name="timeout"/> on the elector's clock (the call is cancelled then).</summary>
    private async Task<bool> TryWithTimeoutAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var task = TryAcquireOrRenewAsync(attempt.Token);
        try
        {
            // No timer when the try completed synchronously: WaitAsync returns the finished task at once.
            return await task.WaitAsync(timeout, _clock, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            await attempt.CancelAsync();
            return await task;
        }
    }

    /// <summary>client-go's tryAcquireOrRenew: true when this candidate holds the lock afterwards.</summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var identity = _config.Lock.Identity;
        var now = _clock.GetUtcNow();
        var record = new LeaderElectionRecord
        {
            HolderIdentity = identity,
            LeaseDurationSeconds = (int)Math.Ceiling(_config.LeaseDuration.TotalSeconds),
            RenewTime = now,
            AcquireTime = now,
        };

        // 1. The leader's fast path: renew over the object last written, without reading it first.
        if (IsLeader && IsLeaseValid(now))
        {
            LeaderElectionRecord old;
            lock (_lock)
            {
                old = _observedRecord;
            }
            var renewal = record with { AcquireTime = old.AcquireTime, LeaderTransitions = old.LeaderTransitions };
            try
            {
                await _config.Lock.UpdateAsync(renewal, cancellationToken);
                SetObservedRecord(renewal);
                return true;
            }
#pragma warning disable CA1031 // Any failure falls back to the slow path, as in client-go.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFastPathFailed(_logger, _config.Lock.Describe(), e.Message);
            }
        }

        // 2. Read the record; create the lock object when it does not exist.
        LeaderElectionRecord? current;
        try
        {
            current = await _config.Lock.GetAsync(cancellationToken);
        }
#pragma warning disable CA1031 // A failed read is a failed try; the loop retries.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogGetFailed(_logger, _config.Lock.Describe(), e.Message);
            return false;
        }
        if (current is null)
        {
            try
            {
                await _config.Lock.CreateAsync(record, cancellationToken);
            }
#pragma warning disable CA1031 // Losing the race to create is a failed try.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogCreateFailed(_logger, _config.Lock.Describe(), e.Message);
                return false;
            }
            SetObservedRecord(record);
            return true;
        }

        // 3. A changed record restarts the observed lease; a valid lease held by another is respected.
        lock (_lock)
        {
            // Compared with the last record read (client-go compares the raw bytes read), not with our own writes.
            if (current != _lastReadRecord)
            {
                _observedRecord = current;
                _observedTime = _clock.GetUtcNow();
                _lastReadRecord = current;
            }
        }
        if (current.HolderIdentity.Length > 0 && IsLeaseValid(now) && !IsLeader)
        {
            LogHeldByOther(_logger, _config.Lock.Describe(), current.HolderIdentity);
            return false;
        }

        // 4. Take (or keep) the lock; the update fails if anyone changed it since our read.
        record = IsLeader
            ? record with { AcquireTime = current.AcquireTime, LeaderTransitions = current.LeaderTransitions }
            : record with { LeaderTransitions = current.LeaderTransitions + 1 };
        try
        {
            await _config.Lock.UpdateAsync(record, cancellationToken);
        }
#pragma warning disable CA1031 // A conflict means another candidate won; a failed try either way.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogUpdateFailed(_logger, _config.Lock.Describe(), e.Message);
            return false;
        }
        SetObservedRecord(record);
        return true;
    }

    private bool IsLeaseValid(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _observedTime + TimeSpan.FromSeconds(_observedRecord.LeaseDurationSeconds) > now;
        }
    }

    private void SetObservedRecord(LeaderElectionRecord record)
    {
        lock (_lock)
        {
            _observedRecord = record;
            _observedTime = _clock.GetUtcNow();
        }
    }

    private void MaybeReportTransition()
    {
        string leader;
        lock (_lock)
        {
            if (_observedRecord.HolderIdentity == _reportedLeader)
            {
                return;
            }
            leader = _reportedLeader = _observedRecord.HolderIdentity;
        }
        if (_config.Callbacks.OnNewLeader is { } onNewLeader)
        {
            try
            {
                onNewLeader(leader);
            }
#pragma warning disable CA1031 // A callback's failure must not stop the election.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogCallbackFailed(_logger, e, nameof(LeaderCallbacks.OnNewLeader));
            }
        }
    }

    /// <summary>Waits on the elector's clock; false when cancelled.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _clock, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(1, LogLevel.Information, "attempting to acquire leader lease {Lock}...")]
    private static partial void LogAttempting(ILogger logger, string @lock);

    [LoggerMessage(2, LogLevel.Information, "successfully acquired lease {Lock}")]
    private static partial void LogAcquired(ILogger logger, string @lock);

    [LoggerMessage(3, LogLevel.Information, "failed to renew lease {Lock}: not renewed within {RenewDeadline}")]
    private static partial void LogRenewFailed(ILogger logger, string @lock, TimeSpan renewDeadline);

    [LoggerMessage(4, LogLevel.Information, "released lease {Lock}")]
    private static partial void LogReleased(ILogger logger, string @lock);

    [LoggerMessage(5, LogLevel.Error, "failed to release lock {Lock}")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string @lock);

    [LoggerMessage(6, LogLevel.Error, "failed to update lock {Lock} optimistically: {Error}, falling back to slow path")]
    private static partial void LogFastPathFailed(ILogger logger, string @lock, string error);

    [LoggerMessage(7, LogLevel.Error, "error retrieving resource lock {Lock}: {Error}")]
    private static partial void LogGetFailed(ILogger logger, string @lock, string error);

    [LoggerMessage(8, LogLevel.Error, "error initially creating leader election record {Lock}: {Error}")]
    private static partial void LogCreateFailed(ILogger logger, string @lock, string error);

    [LoggerMessage(9, LogLevel.Debug, "lock {Lock} is held by {Holder} and has not yet expired")]
    private static partial void LogHeldByOther(ILogger logger, string @lock, string holder);

    [LoggerMessage(10, LogLevel.Error, "failed to update lock {Lock}: {Error}")]
    private static partial void LogUpdateFailed(ILogger logger, string @lock, string error);

    [LoggerMessage(11, LogLevel.Error, "leader election callback {Callback} failed")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception, string callback);

    [LoggerMessage(12, LogLevel.Error, "the leading work of {Lock} failed; leadership ends")]
    private static partial void LogLeadingFailed(ILogger logger, Exception exception, string @lock);
}
