using System.Diagnostics;

namespace GreenhouseApp.Telemetry;

/// <summary>
/// Counts and times every request for app_requests_total and app_request_duration_seconds. It sits
/// outermost, so it sees the 500s the error middleware writes; it reads the route after the rest of
/// the pipeline ran, when routing has chosen the endpoint.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, PrometheusMetrics metrics)
{
    /// <summary>Route label of requests no endpoint matched, so raw paths never become label values.</summary>
    public const string UnmatchedRoute = "unmatched";

    public async Task InvokeAsync(HttpContext context)
    {
        long started = Stopwatch.GetTimestamp();
        int? status = null;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            // An exception that got past the error middleware (the response had already started) is a 500.
            string route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? UnmatchedRoute;
            metrics.ObserveRequest(context.Request.Method, route, status ?? StatusCodes.Status500InternalServerError,
                Stopwatch.GetElapsedTime(started));
        }
    }
}
