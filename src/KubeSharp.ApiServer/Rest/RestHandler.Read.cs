using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary>List and watch, served from the watch cache.</summary>
public sealed partial class RestHandler
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private async Task ListAsync(HttpContext context, RequestInfo info, ResourceStore rs, CancellationToken cancellationToken)
    {
        var filter = Filter(context, info);
        var resourceVersion = Query(context, "resourceVersion");
        var limit = long.TryParse(Query(context, "limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 0;
        var token = ContinueToken.Parse(Query(context, "continue"));
        long listRevision;
        if (resourceVersion is "" or "0" || token is not null)
        {
            // A consistent read: the caches must have seen every write the store acknowledged so far.
            var current = await store.GetCurrentRevisionAsync(cancellationToken);
            if (resourceVersion != "0" && !await dispatcher.WaitForRevisionAsync(current, TimeSpan.FromSeconds(3), cancellationToken))
            {
                throw ApiErrors.ServiceUnavailable("the watch cache is not ready; try again");
            }
            listRevision = Math.Max(current, dispatcher.Revision);
        }
        else
        {
            var requested = ParseResourceVersion(resourceVersion);
            await dispatcher.WaitForRevisionAsync(requested, TimeSpan.FromSeconds(3), cancellationToken);
            listRevision = dispatcher.Revision;
        }
        var items = rs.Cache.List(filter);
        var start = 0;
        if (token is not null)
        {
            start = items.FindIndex(o => string.CompareOrdinal(o.Key, token.StartKey) >= 0);
            start = start < 0 ? items.Count : start;
        }
        var count = limit > 0 ? (int)Math.Min(limit, items.Count - start) : items.Count - start;
        var remaining = items.Count - start - count;
        string? next = remaining > 0 ? new ContinueToken(listRevision, items[start + count - 1].Key + "\0").Encode() : null;

        if (TableNegotiation.Negotiate(context) is { } tableOptions)
        {
            var page = new List<object>(count);
            for (var i = start; i < start + count; i++)
            {
                page.Add(items[i].Object);
            }
            var table = Tables.TableConvertor.Convert(rs.Resource.GroupResource, page, tableOptions with
            {
                ResourceVersion = listRevision.ToString(CultureInfo.InvariantCulture),
                Continue = next,
                RemainingItemCount = next is null ? null : remaining,
            }, time);
            await Responses.WriteAsync(context, 200, table, cancellationToken);
            return;
        }
        var head = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(head, Api.Serialization.KubeJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", rs.Resource.Type.Kind + "List");
            writer.WriteString("apiVersion", ApiVersionOf(rs.Resource));
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", listRevision.ToString(CultureInfo.InvariantCulture));
            if (next is not null)
            {
                writer.WriteString("continue", next);
                writer.WriteNumber("remainingItemCount", remaining);
            }
            writer.WriteEndObject();
            writer.WritePropertyName("items");
            writer.WriteStartArray();
        }
        // The items' cached JSON goes out as it is, with no whole-list buffer.
        var json = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            json[i] = items[start + i].Json;
        }
        await Responses.WriteListAsync(context, head.WrittenMemory, json, cancellationToken);
    }

    private async Task WatchAsync(HttpContext context, RequestInfo info, ResourceStore rs, CancellationToken cancellationToken)
    {
        var filter = Filter(context, info);
        if (info.Name.Length > 0)
        {
            filter = filter with { FieldSelector = KubeSharp.Api.Fields.Selector.OneTermEqual("metadata.name", info.Name) };
        }
        var resourceVersion = Query(context, "resourceVersion");
        var from = resourceVersion is "" or "0" ? 0 : ParseResourceVersion(resourceVersion);
        var bookmarks = Query(context, "allowWatchBookmarks") is "true" or "1";
        var timeout = int.TryParse(Query(context, "timeoutSeconds"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(30);
        if (from > dispatcher.Revision)
        {
            await dispatcher.WaitForRevisionAsync(from, TimeSpan.FromSeconds(3), cancellationToken);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = Responses.Json;
        context.Response.Headers.CacheControl = "no-cache, private";
        await context.Response.StartAsync(cancellationToken);
        // The headers go out now (HTTP/2 holds them until a flush): clients wait for them before reading events.
        await context.Response.Body.FlushAsync(cancellationToken);

        CacheWatcher watcher;
        try
        {
            watcher = rs.Cache.Watch(from, dispatcher.Revision, filter, bookmarks);
        }
        catch (ApiStatusException e)
        {
            // A too-old resourceVersion is reported in the stream, as the watch cache does upstream.
            await WriteEventAsync(context, "ERROR", Responses.Encode(e.Status), cancellationToken);
            return;
        }
        using (watcher)
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
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
                        body.Write(change.Object.Json);
                        body.Write("}\n"u8);
                    }
                    await body.FlushAsync(deadline.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // timeoutSeconds reached or the client went away: end the stream.
            }
        }
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
}
