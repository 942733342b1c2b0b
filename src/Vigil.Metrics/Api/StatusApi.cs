using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Text;

namespace Vigil.Metrics.Api;

/// <summary>
/// <c>/api/v1/status/*</c> (buildinfo, config, flags, runtimeinfo, tsdb, walreplay) in Prometheus 3's shapes
/// (web/api/v1/api.go; api-compat 3.6), filled from Vigil's own state.
/// </summary>
internal static class StatusApi
{
    public static void Map(IEndpointRouteBuilder endpoints, MetricsRole role)
    {
        endpoints.MapGet("/api/v1/status/buildinfo", context => ApiResponses.SuccessAsync(context, json =>
        {
            var info = BuildInfo.Current;
            json.WriteStartObject();
            // No "features" key: Grafana would take a non-empty one for Mimir (api-compat 4.2).
            json.WriteString("version", info.Version);
            json.WriteString("revision", info.Revision);
            json.WriteString("branch", info.Branch);
            json.WriteString("buildUser", info.BuildUser);
            json.WriteString("buildDate", info.BuildDate);
            json.WriteString("goVersion", info.GoVersion);
            json.WriteEndObject();
        }));
        endpoints.MapGet("/api/v1/status/config", context => ApiResponses.SuccessAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteString("yaml", role.Scraper.Config?.Source ?? "");
            json.WriteEndObject();
        }));
        endpoints.MapGet("/api/v1/status/flags", context => ApiResponses.SuccessAsync(context, json =>
        {
            json.WriteStartObject();
            foreach (var (name, value) in role.Flags) json.WriteString(name, value);
            json.WriteEndObject();
        }));
        endpoints.MapGet("/api/v1/status/runtimeinfo", context => ApiResponses.SuccessAsync(context, json => WriteRuntimeInfo(json, role)));
        endpoints.MapGet("/api/v1/status/tsdb", TsdbAsync(role));
        // Prometheus 3's UI polls this; Vigil raises no server notifications (yet).
        endpoints.MapGet("/api/v1/notifications", context => ApiResponses.SuccessAsync(context, json =>
        {
            json.WriteStartArray();
            json.WriteEndArray();
        }));
        endpoints.MapGet("/api/v1/status/walreplay", context => ApiResponses.SuccessAsync(context, json =>
        {
            // The WAL is replayed before the door opens, so a caller only ever sees it done.
            json.WriteStartObject();
            json.WriteNumber("min", 0);
            json.WriteNumber("max", 0);
            json.WriteNumber("current", 0);
            json.WriteEndObject();
        }));
    }

    private static RequestDelegate TsdbAsync(MetricsRole role) => async context =>
    {
        var p = await ApiParams.ReadAsync(context).ConfigureAwait(false);
        int limit = 10;
        if (p.Get("limit") is { Length: > 0 } text && (!ApiParsing.TryAtoi(text, out limit, out _) || limit < 1 || limit > 10_000))
        {
            await ApiResponses.BadData(context, "limit must be a positive number").ConfigureAwait(false);
            return;
        }
        await ApiResponses.SuccessAsync(context, json => TsdbStatus.Write(json, role.Db.Head, limit)).ConfigureAwait(false);
    };

    private static void WriteRuntimeInfo(System.Text.Json.Utf8JsonWriter json, MetricsRole role)
    {
        var storage = role.Options.Storage;
        string retention = storage.RetentionTime > TimeSpan.Zero ? Duration.Format(storage.RetentionTime) : "";
        if (storage.RetentionSize > 0) retention = retention.Length > 0 ? retention + " or " + ByteSize.Format(storage.RetentionSize) : ByteSize.Format(storage.RetentionSize);
        using var process = Process.GetCurrentProcess();
        json.WriteStartObject();
        json.WriteString("startTime", ApiNumbers.FormatTime(role.StartTime));
        json.WriteString("CWD", Environment.CurrentDirectory);
        json.WriteString("hostname", Environment.MachineName);
        json.WriteString("serverTime", ApiNumbers.FormatTime(DateTimeOffset.UtcNow));
        json.WriteBoolean("reloadConfigSuccess", role.Scraper.LastReloadSucceeded);
        json.WriteString("lastConfigTime", ApiNumbers.FormatTime(role.Scraper.LastConfigTime ?? DateTimeOffset.UnixEpoch));
        json.WriteNumber("corruptionCount", role.Db.CorruptBlocks.Count);
        // The Go runtime's numbers have .NET counterparts: threads for goroutines, processors, the GC's limit.
        json.WriteNumber("goroutineCount", process.Threads.Count);
        json.WriteNumber("GOMAXPROCS", Environment.ProcessorCount);
        json.WriteNumber("GOMEMLIMIT", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        json.WriteString("GOGC", "");
        json.WriteString("GODEBUG", "");
        json.WriteString("storageRetention", retention);
        json.WriteEndObject();
    }
}

/// <summary>What status/buildinfo reports: Vigil's version and the .NET runtime in Go's fields.</summary>
internal sealed record BuildInfo(string Version, string Revision, string Branch, string BuildUser, string BuildDate, string GoVersion)
{
    public static BuildInfo Current { get; } = Create();

    private static BuildInfo Create()
    {
        string informational = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        string version = plus < 0 ? informational : informational[..plus];
        string revision = plus < 0 ? "" : informational[(plus + 1)..];
        return new BuildInfo(version, revision, "", "", "", "dotnet" + Environment.Version);
    }
}
