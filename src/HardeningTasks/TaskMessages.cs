using System;

namespace HardeningTasks;

/// <summary>Texts shared by the tasks. Uses only a constant of the engine (inlined at compile time), so the report
/// task never loads HardeningTasks.Core.</summary>
internal static class TaskMessages
{
    public static string HelpLink(string id) => Core.Model.RuleDescriptor.HelpLinkBase + id + ".md";

    public static string Crash(string what, Exception ex)
    {
        var inner = ex;
        while (inner is AggregateException { InnerExceptions.Count: 1 } aggregate) inner = aggregate.InnerExceptions[0];
        if (inner is System.Reflection.TargetInvocationException { InnerException: { } target }) inner = target;
        return $"HardeningTasks could not {what}: {inner.GetType().Name}: {inner.Message.Replace('\r', ' ').Replace('\n', ' ')} " +
               "(the build log at detailed verbosity has the stack trace; please report it with the files involved).";
    }
}
