using System.Collections;
using Microsoft.Build.Framework;

namespace HardeningTasks.IntegrationTests;

/// <summary>Collects what a task logs, as MSBuild would receive it.</summary>
public sealed class FakeBuildEngine : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = new();
    public List<BuildWarningEventArgs> Warnings { get; } = new();
    public List<BuildMessageEventArgs> Messages { get; } = new();

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);
    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);
    public void LogCustomEvent(CustomBuildEventArgs e) { }
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();
    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "/consumer/infra.proj";

    /// <summary>Messages that carry a diagnostic code (the suggestions).</summary>
    public IEnumerable<BuildMessageEventArgs> CodedMessages => Messages.Where(m => !string.IsNullOrEmpty(m.Code));
}
