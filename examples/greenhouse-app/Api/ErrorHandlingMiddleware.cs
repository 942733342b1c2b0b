using System.Diagnostics;

namespace GreenhouseApp.Api;

/// <summary>
/// The request boundary: an exception from a handler becomes a logged error and a 500 problem
/// response (ASP.NET Core adds the trace id to it), and the process goes on serving. The log is
/// written inside the request, so it carries the request's trace and span ids; the server span is
/// marked Error with the exception as an event.
/// </summary>
internal sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (or the server is stopping); nobody is left to answer.
            LogAborted(logger, context.Request.Method, context.Request.Path);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            LogFailed(logger, ex, context.Request.Method, context.Request.Path);
            var span = Activity.Current;
            span?.AddException(ex);
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            var problem = Results.Problem(
                title: "Internal server error",
                detail: ex.Message,
                statusCode: StatusCodes.Status500InternalServerError);
            await problem.ExecuteAsync(context);
        }
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Request {Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 499, Level = LogLevel.Debug, Message = "Request {Method} {Path} aborted by the client")]
    private static partial void LogAborted(ILogger logger, string method, string path);
}
