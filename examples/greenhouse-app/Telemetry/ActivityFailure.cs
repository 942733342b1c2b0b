using System.Diagnostics;

namespace GreenhouseApp.Telemetry;

internal static class ActivityFailure
{
    /// <summary>
    /// Marks a span failed with the exception as an event. Returns false, for use as an exception filter
    /// (<c>catch (Exception ex) when (span.Fail(ex)) { }</c>): the filter runs before the stack unwinds
    /// and never catches, so the exception goes on to the error middleware untouched.
    /// </summary>
    public static bool Fail(this Activity? span, Exception exception)
    {
        if (span is not null)
        {
            span.AddException(exception);
            span.SetStatus(ActivityStatusCode.Error, exception.Message);
        }
        return false;
    }
}
