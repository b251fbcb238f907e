using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using KubeSharp.Client.Machinery.Queues;

namespace KubeSharp.Client.Machinery.Events;

/// <summary>The correlator's settings (client-go's CorrelatorOptions); zero or null means the default.</summary>
public sealed record CorrelatorOptions
{
    /// <summary>Entries of each LRU cache (aggregation, de-duplication, spam records): 4096.</summary>
    public int LruCacheSize { get; init; } = 4096;

    /// <summary>Events a source may send about one object in a burst: 25.</summary>
    public int BurstSize { get; init; } = 25;

    /// <summary>The refill rate of that burst: one token every 5 minutes.</summary>
    public double Qps { get; init; } = 1.0 / 300;

    /// <summary>Distinct messages of one object+reason within the interval before they are combined: 10.</summary>
    public int MaxEvents { get; init; } = 10;

    /// <summary>The aggregation interval, since the last similar event: 600 s.</summary>
    public int MaxIntervalInSeconds { get; init; } = 600;

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>What the correlator made of an event: the event to write (with the patch when it updates an existing
/// one), or skip it (spam).</summary>
public sealed record EventCorrelateResult(Event? Event, byte[]? Patch, bool Skip);

/// <summary>
/// client-go's EventCorrelator (tools/record/events_cache.go): aggregates similar events, de-duplicates identical
/// ones into a count on the existing Event (a patch of count, lastTimestamp and message), and drops spam. Thread-safe.
/// </summary>
public sealed partial class EventCorrelator
{
    private readonly CorrelatorOptions _options;
    private readonly Lock _aggregateLock = new();
    private readonly LruCache<string, AggregateRecord> _aggregates;
    private readonly Lock _observeLock = new();
    private readonly LruCache<string, EventLog> _observations;
    private readonly Lock _spamLock = new();
    private readonly LruCache<string, TokenBucket> _spam;

    public EventCorrelator(CorrelatorOptions? options = null)
    {
        _options = options ?? new CorrelatorOptions();
        _aggregates = new LruCache<string, AggregateRecord>(_options.LruCacheSize);
        _observations = new LruCache<string, EventLog>(_options.LruCacheSize);
        _spam = new LruCache<string, TokenBucket>(_options.LruCacheSize);
    }

    /// <summary>
    /// Aggregates, observes and filters <paramref name="newEvent"/> (not modified): when this is the
    /// <see cref="CorrelatorOptions.MaxEvents"/>-th distinct message of its object and reason within the interval, a
    /// combined event takes its place; an event identical to one seen before gets the earlier one's name, first
    /// timestamp and count + 1, with the patch that updates it; the spam filter (a token bucket per source and
    /// object) may skip it.
    /// </summary>
    public EventCorrelateResult Correlate(Event newEvent)
    {
        ArgumentNullException.ThrowIfNull(newEvent);
        var (aggregate, key) = Aggregate(newEvent);
        var (observed, patch) = Observe(aggregate, key);
        if (IsSpam(observed))
        {
            return new EventCorrelateResult(null, null, true);
        }
        return new EventCorrelateResult(observed, patch, false);
    }

    /// <summary>Records the server's copy of a written event (its name, resourceVersion and count).</summary>
    public void UpdateState(Event written)
    {
        ArgumentNullException.ThrowIfNull(written);
        var key = EventKey(written);
        lock (_observeLock)
        {
            _observations.Add(key, new EventLog(written.Count, written.FirstTimestamp, written.Metadata.Name, written.Metadata.ResourceVersion));
        }
    }

    /// <summary>client-go's getEventKey: source, involved object (with field path), type, reason and message.</summary>
    public static string EventKey(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var o = e.InvolvedObject;
        return string.Concat([e.Source.Component, e.Source.Host, o.Kind, o.Namespace, o.Name, o.FieldPath, o.Uid, o.ApiVersion, e.Type, e.Reason, e.Message]);
    }

    /// <summary>client-go's getSpamKey: source and involved object.</summary>
    public static string SpamKey(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var o = e.InvolvedObject;
        return string.Concat([e.Source.Component, e.Source.Host, o.Kind, o.Namespace, o.Name, o.Uid, o.ApiVersion]);
    }

    /// <summary>client-go's EventAggregatorByReasonFunc: the aggregate key (everything but the message) and the
    /// local key (the message).</summary>
    public static (string AggregateKey, string LocalKey) AggregateKeys(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var o = e.InvolvedObject;
        return (string.Concat([e.Source.Component, e.Source.Host, o.Kind, o.Namespace, o.Name, o.Uid, o.ApiVersion, e.Type, e.Reason, e.ReportingComponent, e.ReportingInstance]), e.Message);
    }

    /// <summary>An event's name: the object's name, ".", the time in Unix nanoseconds in hex (client-go's "%v.%x").</summary>
    public static string EventName(string objectName, DateTimeOffset time)
        => objectName + "." + UnixNanos(time).ToString("x", CultureInfo.InvariantCulture);

    /// <summary>client-go's GenerateEventName: <see cref="EventName"/>, or a random UUID when that is not a valid
    /// object name (a DNS subdomain), e.g. for an object whose name has upper-case letters (issue 127594).</summary>
    public static string GenerateEventName(string objectName, DateTimeOffset time)
    {
        var name = EventName(objectName, time);
        return name.Length <= 253 && DnsSubdomain().IsMatch(name) ? name : Guid.NewGuid().ToString();
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();

    internal static long UnixNanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private (Event Event, string Key) Aggregate(Event newEvent)
    {
        var now = _options.Clock.GetUtcNow();
        var eventKey = EventKey(newEvent);
        var (aggregateKey, localKey) = AggregateKeys(newEvent);
        lock (_aggregateLock)
        {
            if (!_aggregates.TryGet(aggregateKey, out var record) || now - record.LastTimestamp > TimeSpan.FromSeconds(_options.MaxIntervalInSeconds))
            {
                record = new AggregateRecord();
            }
            record.LocalKeys.Add(localKey);
            record.LastTimestamp = now;
            _aggregates.Add(aggregateKey, record);
            if (record.LocalKeys.Count < _options.MaxEvents)
            {
                return (newEvent, eventKey);
            }
            // Keep the set at its limit (client-go pops an arbitrary member).
            record.LocalKeys.Remove(record.LocalKeys.First());
            var time = Time.FromDateTimeOffset(now);
            var combined = new Event
            {
                Metadata = new() { Name = EventName(newEvent.InvolvedObject.Name, now), Namespace = newEvent.Metadata.Namespace },
                Count = 1,
                FirstTimestamp = time,
                InvolvedObject = newEvent.InvolvedObject.DeepCopy(),
                LastTimestamp = time,
                Message = "(combined from similar events): " + newEvent.Message,
                Type = newEvent.Type,
                Reason = newEvent.Reason,
                Source = newEvent.Source.DeepCopy(),
            };
            return (combined, aggregateKey);
        }
    }

    private (Event Event, byte[]? Patch) Observe(Event newEvent, string key)
    {
        var e = newEvent.DeepCopy();
        byte[]? patch = null;
        lock (_observeLock)
        {
            if (_observations.TryGet(key, out var last) && last.Count > 0)
            {
                e.Metadata.Name = last.Name;
                e.Metadata.ResourceVersion = last.ResourceVersion;
                e.FirstTimestamp = last.FirstTimestamp;
                e.Count = last.Count + 1;
                patch = CountPatch(e);
            }
            _observations.Add(key, new EventLog(e.Count, e.FirstTimestamp, e.Metadata.Name, e.Metadata.ResourceVersion));
        }
        return (e, patch);
    }

    /// <summary>The two-way strategic merge patch client-go computes between the event with count 0, lastTimestamp
    /// at the Unix epoch and no message, and the event: the fields among those three that differ.</summary>
    private static byte[] CountPatch(Event e)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (e.Count != 0)
            {
                writer.WriteNumber("count", e.Count);
            }
            if (!e.LastTimestamp.Equals(Time.FromUnix(0)))
            {
                writer.WritePropertyName("lastTimestamp");
                e.LastTimestamp.WriteJson(writer);
            }
            if (e.Message.Length > 0)
            {
                writer.WriteString("message", e.Message);
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>client-go's EventSourceObjectSpamFilter: true when the event's source and object are over budget.</summary>
    private bool IsSpam(Event e)
    {
        var key = SpamKey(e);
        lock (_spamLock)
        {
            if (!_spam.TryGet(key, out var bucket))
            {
                bucket = new TokenBucket(_options.Qps, _options.BurstSize, _options.Clock);
            }
            _spam.Add(key, bucket);
            return !bucket.TryTake();
        }
    }

    private sealed class AggregateRecord
    {
        public HashSet<string> LocalKeys { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset LastTimestamp { get; set; }
    }

    private readonly record struct EventLog(int Count, Time FirstTimestamp, string Name, string ResourceVersion);
}

/// <summary>A least-recently-used cache of a fixed size (k8s.io/utils/lru); not thread-safe.</summary>
internal sealed class LruCache<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _map = [];
    private readonly LinkedList<(TKey Key, TValue Value)> _order = new();

    public int Count => _map.Count;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_map.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            value = node.Value.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public void Add(TKey key, TValue value)
    {
        if (_map.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            node.Value = (key, value);
            _order.AddFirst(node);
            return;
        }
        _map[key] = _order.AddFirst((key, value));
        if (_map.Count > capacity && _order.Last is { } oldest)
        {
            _order.RemoveLast();
            _map.Remove(oldest.Value.Key);
        }
    }
}
