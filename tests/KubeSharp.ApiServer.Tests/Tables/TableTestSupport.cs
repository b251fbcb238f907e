using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Tables;
using GroupResource = KubeSharp.Api.Registry.GroupResource;

namespace KubeSharp.ApiServer.Tests.Tables;

/// <summary>A clock stopped at <see cref="TableTestSupport.Now"/>.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Builds tables from JSON objects at a fixed "now" and prints cells as their JSON texts.</summary>
internal static class TableTestSupport
{
    /// <summary>"Now" for every table test: 2025-01-01T12:00:00Z.</summary>
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static TimeProvider Clock { get; } = new FixedClock(Now);

    /// <summary>Decodes <paramref name="json"/> (single quotes stand for double quotes) as <typeparamref name="T"/>.</summary>
    public static T Decode<T>(string json) where T : IJsonModel<T> => KubeJson.Deserialize<T>(json.Replace('\'', '"'));

    public static Table Convert(string group, string resource, params object[] objects)
        => TableConvertor.Convert(new GroupResource(group, resource), objects, TableConvertOptions.Default, Clock);

    /// <summary>The cells of the only row of a one-object table, as JSON texts joined by ','.</summary>
    public static string Cells<T>(string group, string resource, string json) where T : IJsonModel<T>
    {
        var table = Convert(group, resource, Decode<T>(json));
        table.Rows.ShouldNotBeNull();
        table.Rows.Count.ShouldBe(1);
        return Cells(table.Rows[0]);
    }

    public static string Cells(TableRow row) => string.Join(",", row.Cells!.Select(c => c.ToString()));

    /// <summary>The column headers: names joined by ',', with '*' after wide (priority 1) columns.</summary>
    public static string Columns(Table table)
        => string.Join(",", table.ColumnDefinitions!.Select(c => c.Name + (c.Priority > 0 ? "*" : "")));

    /// <summary>An RFC 3339 time <paramref name="ago"/> before <see cref="Now"/>.</summary>
    public static string Ago(TimeSpan ago) => (Now - ago).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
