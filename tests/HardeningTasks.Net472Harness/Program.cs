using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HardeningTasks.Net472Harness;

/// <summary>
/// <c>harness &lt;tasks/net472 folder&gt; &lt;project directory&gt; &lt;file&gt;...</c> (Dockerfiles by name, the rest compose files): loads HardeningTasks.dll from the
/// folder with Assembly.LoadFrom (as .NET Framework MSBuild's TypeLoader does), runs the scan and the report on the
/// compose files, and prints one line per logged warning or error, <c>severity code file(line,col): message</c>.
/// Exit code: 0 when both tasks returned true, 1 when one returned false, 2 on a usage error.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: harness <tasks/net472 folder> <project directory> <compose file>...");
            return 2;
        }
        var assembly = Assembly.LoadFrom(Path.Combine(args[0], "HardeningTasks.dll"));
        var engine = new Engine();
        var obj = Path.Combine(args[1], "obj", "hardening-net472");
        var scan = Create(assembly, "HardeningTasks.HardeningScan", engine);
        var files = args.Skip(2).ToList();
        bool IsDockerfile(string f) => Path.GetFileName(f).IndexOf("Dockerfile", StringComparison.OrdinalIgnoreCase) >= 0;
        Set(scan, "ComposeFiles", files.Where(f => !IsDockerfile(f)).Select(f => (ITaskItem)new TaskItem(f)).ToArray());
        Set(scan, "Dockerfiles", files.Where(IsDockerfile).Select(f => (ITaskItem)new TaskItem(f)).ToArray());
        Set(scan, "ProjectDirectory", args[1]);
        Set(scan, "FindingsFile", Path.Combine(obj, "findings.tsv"));
        Set(scan, "InputsFile", Path.Combine(obj, "inputs.txt"));
        Set(scan, "AbsentInputsFile", Path.Combine(obj, "absent.txt"));
        var scanned = scan.Execute();
        var report = Create(assembly, "HardeningTasks.HardeningReport", engine);
        Set(report, "FindingsFile", Path.Combine(obj, "findings.tsv"));
        var reported = report.Execute();
        foreach (var line in engine.Lines) Console.WriteLine(line);
        Console.Error.WriteLine("loaded " + assembly.Location + " on " + Environment.Version);
        return scanned && reported ? 0 : 1;
    }

    private static ITask Create(Assembly assembly, string type, IBuildEngine engine)
    {
        var task = (ITask)Activator.CreateInstance(assembly.GetType(type, throwOnError: true));
        task.BuildEngine = engine;
        return task;
    }

    private static void Set(ITask task, string property, object value) => task.GetType().GetProperty(property)!.SetValue(task, value);

    /// <summary>Collects what the tasks log, as MSBuild's console logger would print it (without the project suffix).</summary>
    private sealed class Engine : IBuildEngine
    {
        public List<string> Lines { get; } = new();
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "harness.proj";
        public void LogErrorEvent(BuildErrorEventArgs e) => Lines.Add($"error {e.Code} {e.File}({e.LineNumber},{e.ColumnNumber}): {e.Message}");
        public void LogWarningEvent(BuildWarningEventArgs e) => Lines.Add($"warning {e.Code} {e.File}({e.LineNumber},{e.ColumnNumber}): {e.Message}");
        public void LogMessageEvent(BuildMessageEventArgs e) { }
        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();
    }
}
