using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HardeningTasks.Core;
using HardeningTasks.Core.Fixes;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;

namespace HardeningTasks.Cli;

/// <summary>
/// <c>hardening fix [paths] [--rule ID]... [--apply]</c>: every mechanical fix of the check (<see cref="FixRunner"/>,
/// each proved by a re-check), printed as a unified diff that <c>git apply</c> takes, or written with <c>--apply</c>.
/// Exits 0 whether or not findings remain: fixing is not judging.
/// </summary>
internal static class FixCommand
{
    public static int Run(FixOptions options, string currentDirectory, TextWriter stdout, TextWriter stderr)
    {
        var check = options.Check;
        var projectDirectory = Path.GetFullPath(Path.Combine(currentDirectory, check.ProjectDirectory ?? "."));
        if (!Directory.Exists(projectDirectory))
            return Usage(stderr, $"--project-dir '{check.ProjectDirectory}' is not a directory.");
        var notes = new List<string>();
        var paths = check.Paths.Count > 0 ? check.Paths : new List<string> { "." };
        var files = InputDiscovery.Find(paths, currentDirectory, notes, out var error);
        if (error != null) return Usage(stderr, error);
        foreach (var note in notes) stderr.WriteLine("hardening: " + note);

        // the project's baseline, as check reads it: an accepted finding is not reported, so it is not fixed either
        var baseline = Path.Combine(projectDirectory, Core.Reporting.Baseline.DefaultFileName);
        var outcome = FixRunner.Run(Program.Request(check, projectDirectory, files, File.Exists(baseline) ? baseline : null),
            options.Rules.Count > 0 ? options.Rules : null);

        foreach (var (fix, reason) in outcome.Withheld)
            stderr.WriteLine($"hardening: not fixed: {Display(fix.Resolves[0].Location, currentDirectory)}: {fix.RuleId}: '{fix.Title}' would not leave the check as expected ({reason}).");

        if (options.Apply)
        {
            foreach (var file in outcome.Files)
            {
                try
                {
                    File.WriteAllBytes(file.Before.Path, file.Before.Encode(file.After));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"hardening: cannot write {file.Before.Path}: {ex.Message}");
                    return Program.Errors;
                }
            }
        }
        else
        {
            foreach (var file in outcome.Files)
            {
                var name = PathText.Relative(currentDirectory, file.Before.Path);
                stdout.Write(UnifiedDiff.Of("a/" + name, "b/" + name, file.Before.Text, file.After));
            }
        }

        foreach (var finding in outcome.AlsoResolved)
            stderr.WriteLine($"hardening: also resolved by these fixes: {Display(finding.Location, currentDirectory)}: {finding.RuleId}: {finding.Message}");
        var findings = outcome.Applied.SelectMany(f => f.Resolves).Distinct().Count() + outcome.AlsoResolved.Count;
        var remaining = outcome.After.Findings.Count;
        stderr.WriteLine($"hardening: {Count(outcome.Applied.Count, "fix", "fixes")} for {Count(findings, "finding", "findings")} in {Count(outcome.Files.Count, "file", "files")}"
            + (outcome.Files.Count == 0 ? "" : options.Apply ? ", written" : "; run with --apply to write them")
            + $"; {Count(remaining, "finding remains", "findings remain")}.");
        return Program.Success;
    }

    private static string Count(int n, string one, string many) => n + " " + (n == 1 ? one : many);

    private static string Display(Core.Model.SourceLocation location, string currentDirectory) =>
        $"{PathText.Relative(currentDirectory, location.FilePath)}({location.Line},{location.Column})";

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("hardening: " + message);
        return Program.UsageError;
    }
}
