using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>
/// List and watch. Lists are served from the watch cache: a consistent read when resourceVersion is empty, any state
/// for "0" (where limit is ignored, as upstream v1.32's cache does), at least the given revision for NotOlderThan.
/// Paginated lists and Exact revisions are served from the cache's snapshots as upstream's cacher does with
/// ListFromCacheSnapshot (1.33+): a first page takes a snapshot of the current state, and its continue token names that
/// revision; later pages (and Exact lists) read the snapshot that covers their revision. Without one (a revision before
/// the cache's last change that was never snapshotted, or a dropped snapshot) or when the store has compacted the
/// revision, they are read from the store at that revision, which answers exactly as before (410 when compacted).
/// </summary>
public sealed partial class RestHandler
{
    /// <summary>How long a read waits for the cache to reach a requested revision (upstream: 3s).</summary>
    private static readonly TimeSpan FreshnessWait = TimeSpan.FromSeconds(3);

    /// <summary>Upstream's 410 message for a continue token whose revision was compacted.</summary>
    public const string InconsistentContinueMessage = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    /// <summary>Upstream's 410 message for a list at a compacted revision.</summary>
    public const string ListTooOldMessage = "The resourceVersion for the provided list is too old.";

    /// <summary>One list reply's items; <paramref name="FromCache"/> when they are the watch cache's own objects.</summary>
    private sealed record ListPage(IReadOnlyList<CachedObject> Items, long Revision, string? Continue, long? RemainingItemCount, bool FromCache = false);

    private async Task ListAsync(HttpContext context, RequestInfo info, ResourceStore rs, CancellationToken cancellationToken)
    {
        var filter = Filter(context, info);
        var options = ListOptions.Parse(context, watch: false).Validated();
        var token = ContinueToken.Parse(options.Continue);
        ListPage page;
        var limit = options.Limit;
        if (token is not null)
        {
            if (options.ResourceVersion is not ("" or "0"))
            {
                throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
            }
            var startKey = token.KeyUnder(rs.Resource.KeyPrefix + "/");
            page = token.Revision == ContinueToken.Latest
                ? await ConsistentPageAsync(rs, filter, startKey, limit, cancellationToken)
                : await PageFromSnapshotAsync(rs, filter, token.Revision, startKey, limit, cancellationToken)
                    ?? await ListFromStoreAsync(rs, filter, token.Revision, startKey, limit, continuing: true, cancellationToken);
        }
        else if (options.ResourceVersionMatch == ListOptions.Exact || (options.Limit > 0 && options.ResourceVersion != "0"))
        {
            // Exact, and the legacy "limit with a resourceVersion" (also exact), read at that revision;
            // NotOlderThan and a consistent read take the latest.
            var exact = options.ResourceVersion.Length > 0 && options.ResourceVersionMatch != ListOptions.NotOlderThan;
            var start = rs.Resource.Prefix(info.Namespace);
            if (exact)
            {
                var revision = ParseResourceVersion(options.ResourceVersion);
                page = await PageFromSnapshotAsync(rs, filter, revision, start, limit, cancellationToken)
                    ?? await ListFromStoreAsync(rs, filter, revision, start, limit, continuing: false, cancellationToken);
            }
            else if (options.ResourceVersion.Length > 0)
            {
                await RequireRevisionAsync(ParseResourceVersion(options.ResourceVersion), cancellationToken);
                var (items, revision) = rs.Cache.SnapshotNow(dispatcher.Revision);
                page = Page(rs, filter, items, revision, start, limit);
            }
            else
            {
                page = await ConsistentPageAsync(rs, filter, start, limit, cancellationToken);
            }
        }
        else
        {
            page = await ListFromCacheAsync(rs, filter, options.ResourceVersion, cancellationToken);
        }
        await WriteListAsync(context, rs, page, cancellationToken);
    }

    /// <summary>
    /// A page (or, without limit, the whole list) at the latest revision, consistent as a quorum read: from the watch
    /// cache once it has seen every write the store acknowledged so far, else (it lags) from the store.
    /// </summary>
    private async Task<ListPage> ConsistentPageAsync(ResourceStore rs, ListFilter filter, string startKey, long limit, CancellationToken cancellationToken)
    {
        var current = await store.GetCurrentRevisionAsync(cancellationToken);
        if (!await dispatcher.WaitForRevisionAsync(current, FreshnessWait, cancellationToken))
        {
            return await ListFromStoreAsync(rs, filter, 0, startKey, limit, continuing: false, cancellationToken);
        }
        var (items, revision) = rs.Cache.SnapshotNow(dispatcher.Revision);
        return Page(rs, filter, items, revision, startKey, limit);
    }

    /// <summary>
    /// A page at exactly <paramref name="revision"/> from a watch cache snapshot, or null when the cache holds no
    /// snapshot of that revision or the store has compacted it (the store then answers, with its 410).
    /// </summary>
    private async Task<ListPage?> PageFromSnapshotAsync(ResourceStore rs, ListFilter filter, long revision, string startKey, long limit, CancellationToken cancellationToken)
    {
        if (rs.Cache.SnapshotAt(revision, dispatcher.Revision) is not { } items
            || revision < await store.GetCompactedRevisionAsync(cancellationToken))
        {
            return null;
        }
        return Page(rs, filter, items, revision, startKey, limit);
    }

    /// <summary>
    /// What <see cref="ListFromStoreAsync"/> returns for the same state: up to <paramref name="limit"/> matching
    /// objects (0 = all) of the namespace's range from <paramref name="startKey"/>, in key order; a continue token
    /// after the last one when any key (matching or not) follows it; remainingItemCount only without selectors.
    /// </summary>
    private static ListPage Page(ResourceStore rs, ListFilter filter, CachedObject[] items, long revision, string startKey, long limit)
    {
        var keyPrefix = rs.Resource.KeyPrefix + "/";
        var rangePrefix = rs.Resource.Prefix(filter.Namespace);
        var rangeEnd = KeyRanges.PrefixEnd(rangePrefix);
        var from = LowerBound(items, string.CompareOrdinal(startKey, rangePrefix) < 0 ? rangePrefix : startKey);
        var to = LowerBound(items, rangeEnd);
        var page = new List<CachedObject>(limit > 0 ? (int)Math.Min(limit, to - from) : Math.Max(0, to - from));
        var index = from;
        for (; index < to && (limit == 0 || page.Count < limit); index++)
        {
            if (filter.Matches(items[index]))
            {
                page.Add(items[index]);
            }
        }
        if (limit == 0 || page.Count < limit || index >= to)
        {
            return new ListPage(page, revision, null, null, FromCache: true);
        }
        var next = ContinueToken.After(revision, items[index - 1].Key, keyPrefix).Encode();
        long? remaining = filter.LabelSelector.IsEmpty && filter.FieldSelector.IsEmpty ? to - from - page.Count : null;
        return new ListPage(page, revision, next, remaining, FromCache: true);
    }

    /// <summary>The index of the first object whose key is not less than <paramref name="key"/> (ordinal).</summary>
    private static int LowerBound(CachedObject[] items, string key)
    {
        int lo = 0, hi = items.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(items[mid].Key, key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>A list from the watch cache; limit is not applied there (upstream v1.32's cache does not page).</summary>
    private async Task<ListPage> ListFromCacheAsync(ResourceStore rs, ListFilter filter, string resourceVersion, CancellationToken cancellationToken)
    {
        if (resourceVersion.Length == 0)
        {
            // A consistent read: the caches must have seen every write the store acknowledged so far.
            var current = await store.GetCurrentRevisionAsync(cancellationToken);
            if (!await dispatcher.WaitForRevisionAsync(current, FreshnessWait, cancellationToken))
            {
                // The cache lags (upstream falls back to etcd too): read the store.
                return await ListFromStoreAsync(rs, filter, 0, rs.Resource.Prefix(filter.Namespace), 0, continuing: false, cancellationToken);
            }
        }
        else if (resourceVersion != "0")
        {
            await RequireRevisionAsync(ParseResourceVersion(resourceVersion), cancellationToken);
        }
        var (items, revision) = rs.Cache.ListAt(filter, dispatcher.Revision);
        return new ListPage(items, revision, null, null, FromCache: true);
    }

    /// <summary>Waits until the caches have reached <paramref name="revision"/>; upstream's 504 "Too large resource
    /// version" when they do not within 3s.</summary>
    private async Task RequireRevisionAsync(long revision, CancellationToken cancellationToken)
    {
        if (!await dispatcher.WaitForRevisionAsync(revision, FreshnessWait, cancellationToken))
        {
            throw TooLargeResourceVersion(revision, dispatcher.Revision);
        }
    }

    /// <summary>
    /// Reads up to <paramref name="limit"/> matching objects (0 = all) from the store at <paramref name="revision"/>
    /// (0 = latest) starting at <paramref name="startKey"/>, as upstream's etcd3 GetList: the continue token names the
    /// revision of the read, so later pages come from the same snapshot; a compacted revision is 410 Gone.
    /// </summary>
    private async Task<ListPage> ListFromStoreAsync(ResourceStore rs, ListFilter filter, long revision, string startKey, long limit,
        bool continuing, CancellationToken cancellationToken)
    {
        var keyPrefix = rs.Resource.KeyPrefix + "/";
        var rangePrefix = rs.Resource.Prefix(filter.Namespace);
        var rangeEnd = KeyRanges.PrefixEnd(rangePrefix);
        var items = new List<CachedObject>();
        // A token from another namespace's list never reaches before this one's keys.
        var key = string.CompareOrdinal(startKey, rangePrefix) < 0 ? rangePrefix : startKey;
        long? count = null;
        string? lastKey = null;
        var more = false;
        // With selectors a page of keys may hold few matches: read in batches until the page is full.
        var batch = limit > 0 ? Math.Max(limit, filter.LabelSelector.IsEmpty && filter.FieldSelector.IsEmpty ? limit : 100) : 1000;
        try
        {
            while (true)
            {
                var result = await store.RangeAsync(new RangeRequest(key, rangeEnd, revision, batch), cancellationToken);
                revision = result.Revision;
                count ??= result.Count;
                var index = 0;
                for (; index < result.Kvs.Count && (limit == 0 || items.Count < limit); index++)
                {
                    var kv = result.Kvs[index];
                    lastKey = kv.Key;
                    if (dispatcher.CacheFor(kv.Key) != rs.Cache)
                    {
                        continue; // a longer prefix's key (services/specs under services)
                    }
                    var obj = CachedObject.FromStorage(rs.Resource.Storage, kv.Key, kv.Value, kv.ModRevision);
                    if (filter.Matches(obj))
                    {
                        items.Add(obj);
                    }
                }
                if (limit > 0 && items.Count >= limit)
                {
                    more = index < result.Kvs.Count || result.More;
                    break;
                }
                if (!result.More || result.Kvs.Count == 0)
                {
                    break;
                }
                key = result.Kvs[^1].Key + "\0";
            }
        }
        catch (StorageException e) when (e.Code == StorageErrorCode.Compacted)
        {
            if (continuing)
            {
                throw InconsistentContinue(new ContinueToken(ContinueToken.Latest,
                    startKey.StartsWith(keyPrefix, StringComparison.Ordinal) ? startKey[keyPrefix.Length..] : startKey));
            }
            throw ApiErrors.Gone(ListTooOldMessage);
        }
        catch (StorageException e) when (e.Code == StorageErrorCode.FutureRevision)
        {
            throw TooLargeResourceVersion(revision, await store.GetCurrentRevisionAsync(cancellationToken));
        }
        if (!more || lastKey is null)
        {
            return new ListPage(items, revision, null, null);
        }
        var next = ContinueToken.After(revision, lastKey, keyPrefix).Encode();
        // Upstream counts what is left only when nothing filters the keys.
        long? remaining = filter.LabelSelector.IsEmpty && filter.FieldSelector.IsEmpty ? Math.Max(0, count!.Value - items.Count) : null;
        return new ListPage(items, revision, next, remaining);
    }

    private async Task WriteListAsync(HttpContext context, ResourceStore rs, ListPage page, CancellationToken cancellationToken)
    {
        var listRevision = page.Revision.ToString(CultureInfo.InvariantCulture);
        if (TableNegotiation.Negotiate(context) is { } tableOptions)
        {
            var objects = page.Items.Select(o => (object)o.Object).ToList();
            var table = Conversion.ServedTables.Convert(rs.Resource, objects, tableOptions with
            {
                ResourceVersion = listRevision,
                Continue = page.Continue,
                RemainingItemCount = page.RemainingItemCount,
            }, time);
            // A Table of many rows (or with includeObject=Object) is gzipped like any big reply upstream.
            await Responses.WriteCompressibleAsync(context, 200, Responses.Encode(table), cancellationToken);
            return;
        }
        var served = rs.Resource;
        // Items read from the store are fresh objects: only the cache's own are worth compressing for later lists.
        var chunks = page.FromCache ? rs.Cache.Compressed : null;
        if (Responses.PrefersProtobuf(context, served))
        {
            Func<CachedObject, byte[]> proto = o => o.ProtoListItemFor(served);
            long itemsLength = 0;
            foreach (var item in page.Items)
            {
                itemsLength += proto(item).Length;
            }
            var listMeta = new ListMeta { ResourceVersion = listRevision, Continue = page.Continue ?? "", RemainingItemCount = page.RemainingItemCount };
            await Responses.WriteListAsync(context, Api.Protobuf.KubeProtobuf.ContentType, ProtobufListHead(served, listMeta, itemsLength), page.Items,
                proto, ReadOnlyMemory<byte>.Empty, ProtobufListTail, chunks, served.ServedIndex * 2 + 1, cancellationToken);
            return;
        }
        var head = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(head, Api.Serialization.KubeJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", served.Type.Kind + "List");
            writer.WriteString("apiVersion", ApiVersionOf(served));
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", listRevision);
            if (page.Continue is not null)
            {
                writer.WriteString("continue", page.Continue);
            }
            if (page.RemainingItemCount is { } remaining)
            {
                writer.WriteNumber("remainingItemCount", remaining);
            }
            writer.WriteEndObject();
            writer.WritePropertyName("items");
            writer.WriteStartArray();
        }
        // The items' cached JSON goes out as it is, with no whole-list buffer.
        await Responses.WriteListAsync(context, Responses.Json, head.WrittenMemory, page.Items, o => o.JsonFor(served), JsonSeparator, JsonListTail,
            chunks, served.ServedIndex * 2, cancellationToken);
    }

    private static readonly ReadOnlyMemory<byte> JsonSeparator = ","u8.ToArray();

    private static readonly ReadOnlyMemory<byte> JsonListTail = "]}"u8.ToArray();

    /// <summary>runtime.Unknown's fields after raw: contentEncoding (3) and contentType (4), both empty, as Go writes them.</summary>
    private static readonly ReadOnlyMemory<byte> ProtobufListTail = new byte[] { 0x1a, 0x00, 0x22, 0x00 };

    /// <summary>
    /// A protobuf list reply up to its items: the <c>k8s\0</c> prefix, runtime.Unknown's typeMeta (field 1) and the
    /// tag and length of raw (field 2), then the &lt;Kind&gt;List message's metadata (field 1); the items follow as
    /// field-2 elements (<see cref="CachedObject.ProtoListItemFor"/>), then <see cref="ProtobufListTail"/>.
    /// </summary>
    private static ReadOnlyMemory<byte> ProtobufListHead(ResourceDefinition served, ListMeta listMeta, long itemsLength)
    {
        using var meta = new Api.Protobuf.ProtoWriter(256);
        var mark = meta.BeginMessage();
        listMeta.WriteProto(meta);
        meta.EndMessage(1, mark);
        var metaBytes = meta.ToArray();

        using var typeMeta = new Api.Protobuf.ProtoWriter(128);
        typeMeta.WriteString(2, served.Type.Kind + "List");
        typeMeta.WriteString(1, ApiVersionOf(served));
        typeMeta.EndMessage(1, 0);

        var head = new ArrayBufferWriter<byte>(256);
        head.Write(Api.Protobuf.KubeProtobuf.Prefix);
        head.Write(typeMeta.WrittenSpan);
        head.Write(RawTag);
        WriteVarint(head, (ulong)(metaBytes.Length + itemsLength));
        head.Write(metaBytes);
        return head.WrittenMemory;
    }

    /// <summary>runtime.Unknown field 2 (raw), length-delimited.</summary>
    private static ReadOnlySpan<byte> RawTag => [0x12];

    private static void WriteVarint(ArrayBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var n = 0;
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            span[n++] = value != 0 ? (byte)(b | 0x80) : b;
        }
        while (value != 0);
        output.Advance(n);
    }

    private async Task WatchAsync(HttpContext context, RequestInfo info, ResourceStore rs, CancellationToken cancellationToken)
    {
        var filter = Filter(context, info);
        if (info.Name.Length > 0)
        {
            filter = filter with { FieldSelector = KubeSharp.Api.Fields.Selector.OneTermEqual("metadata.name", info.Name) };
        }
        var options = ListOptions.Parse(context, watch: true).Validated();
        var resourceVersion = options.ResourceVersion;
        var timeout = options.TimeoutSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);

        WatchStart start;
        long from = 0;
        if (options.SendInitialEvents == true)
        {
            // A watch list: the state at least as new as resourceVersion ("" = a consistent read, "0" = any).
            start = WatchStart.InitialEvents;
            if (resourceVersion.Length == 0)
            {
                await RequireRevisionAsync(await store.GetCurrentRevisionAsync(cancellationToken), cancellationToken);
            }
            else if (resourceVersion != "0")
            {
                await RequireRevisionAsync(ParseResourceVersion(resourceVersion), cancellationToken);
            }
        }
        else if (resourceVersion is "" or "0")
        {
            // Legacy: the current state first; with sendInitialEvents=false only what changes from now.
            start = options.SendInitialEvents == false ? WatchStart.Now : WatchStart.InitialEvents;
        }
        else
        {
            start = WatchStart.FromRevision;
            from = ParseResourceVersion(resourceVersion);
            if (from > dispatcher.Revision)
            {
                // As the cacher: wait up to 3s for a revision not yet seen, then 504 before the stream starts.
                await RequireRevisionAsync(from, cancellationToken);
            }
        }

        // kubectl get -w asks for Tables: each event's object is then a Table of one row, with the column
        // definitions only in the first (later ones reuse them, as upstream sends them to save bandwidth).
        var tableOptions = TableNegotiation.Negotiate(context);
        var sentColumns = false;

        context.Response.StatusCode = 200;
        context.Response.ContentType = Responses.Json;
        context.Response.Headers.CacheControl = "no-cache, private";
        await context.Response.StartAsync(cancellationToken);
        // Headers go out now, as upstream's watch flushes them before the first event (Kestrel holds them until a flush).
        await context.Response.Body.FlushAsync(cancellationToken);

        var now = time.GetUtcNow();
        CacheWatcher watcher;
        try
        {
            watcher = rs.Cache.Watch(start, from, dispatcher.Revision, filter, options.AllowWatchBookmarks,
                initialEventsEndBookmark: options.SendInitialEvents == true && options.AllowWatchBookmarks,
                now, now + timeout, dispatcher.BookmarkFrequency);
        }
        catch (ApiStatusException e)
        {
            // A too-old resourceVersion is reported in the stream, as the watch cache does upstream.
            await WriteEventAsync(context, "ERROR", Responses.Encode(e.Status), cancellationToken);
            return;
        }
        using (watcher)
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _serverStopping))
        {
            deadline.CancelAfter(timeout);
            try
            {
                while (await watcher.Events.WaitToReadAsync(deadline.Token))
                {
                    // Everything queued goes out in one flush (one DATA frame and TLS record, not one per event).
                    var body = context.Response.BodyWriter;
                    while (watcher.Events.TryRead(out var change))
                    {
                        watcher.Consumed();
                        body.Write(EventPrefix(change.Type));
                        body.Write(tableOptions is null ? change.Object.JsonFor(rs.Resource) : TableEvent(rs, change, tableOptions, ref sentColumns));
                        body.Write("}\n"u8);
                    }
                    await body.FlushAsync(deadline.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // timeoutSeconds reached, the server is stopping or the client went away: end the stream.
            }
        }
    }

    private byte[] TableEvent(ResourceStore rs, CacheEvent change, Tables.TableConvertOptions tableOptions, ref bool sentColumns)
    {
        Table table;
        if (change.Type == ApiWatchEventType.Bookmark)
        {
            // A bookmark has no row: a Table carrying only the revision.
            table = new Table { Kind = Table.KubeKind, ApiVersion = Table.KubeApiVersion, Rows = [] };
            table.Metadata.ResourceVersion = change.Revision.ToString(CultureInfo.InvariantCulture);
            return Responses.Encode(table);
        }
        table = Conversion.ServedTables.Convert(rs.Resource, change.Object.Object, tableOptions, time);
        if (sentColumns)
        {
            table.ColumnDefinitions = null;
        }
        sentColumns = true;
        return Responses.Encode(table);
    }

    private static async Task WriteEventAsync(HttpContext context, string type, byte[] objectJson, CancellationToken cancellationToken)
    {
        var prefix = Encoding.UTF8.GetBytes("{\"type\":\"" + type + "\",\"object\":");
        var body = context.Response.Body;
        await body.WriteAsync(prefix, cancellationToken);
        await body.WriteAsync(objectJson, cancellationToken);
        await body.WriteAsync("}\n"u8.ToArray(), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static ReadOnlySpan<byte> EventPrefix(ApiWatchEventType type) => type switch
    {
        ApiWatchEventType.Added => "{\"type\":\"ADDED\",\"object\":"u8,
        ApiWatchEventType.Modified => "{\"type\":\"MODIFIED\",\"object\":"u8,
        ApiWatchEventType.Deleted => "{\"type\":\"DELETED\",\"object\":"u8,
        ApiWatchEventType.Bookmark => "{\"type\":\"BOOKMARK\",\"object\":"u8,
        _ => "{\"type\":\"ERROR\",\"object\":"u8,
    };

    /// <summary>Upstream's storage.NewTooLargeResourceVersionError: 504 Timeout, retry after 1s.</summary>
    private static ApiStatusException TooLargeResourceVersion(long requested, long current) => new(new Status
    {
        Kind = "Status",
        ApiVersion = "v1",
        StatusValue = "Failure",
        Code = 504,
        Reason = "Timeout",
        Message = $"Timeout: Too large resource version: {requested}, current: {current}",
        Details = new StatusDetails
        {
            RetryAfterSeconds = 1,
            Causes = [new StatusCause { Reason = "ResourceVersionTooLarge", Message = "Too large resource version" }],
        },
    });

    /// <summary>Upstream's 410 for a compacted continue token, carrying a token that continues at the latest revision.</summary>
    private static ApiStatusException InconsistentContinue(ContinueToken fresh)
    {
        var error = ApiErrors.Gone(InconsistentContinueMessage);
        error.Status.Metadata.Continue = fresh.Encode();
        return error;
    }
}
