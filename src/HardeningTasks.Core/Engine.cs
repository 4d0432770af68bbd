using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Configuration;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Linking;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;
using HardeningTasks.Core.Parsing;
using HardeningTasks.Core.Reporting;
using HardeningTasks.Core.Rules;

namespace HardeningTasks.Core;

/// <summary>
/// The whole check, in one direction: files → parsed model → linked once → rules → effective severities → sorted findings.
/// Never throws for bad input: what cannot be read is an HRD000 on that file, and a rule that fails on a
/// file becomes an HRD000 there too, while every other file is still checked.
/// </summary>
public static class Engine
{
    public static AnalysisResult Analyze(AnalysisRequest request)
    {
        var fileSystem = new RecordingFileSystem(request.FileSystem);
        var selection = request.Classified ? new InputSelection(request.Files, Array.Empty<SkippedInput>()) : InputClassifier.Select(request, fileSystem);
        request = request.WithClassifiedFiles(selection.Files);
        var findings = new List<Finding>();
        var hadolint = HadolintConfiguration.Find(request.ProjectDirectory, fileSystem, request.MaxFileBytes);
        request = hadolint.Feed(request);
        var stack = StackLinker.Link(request, StackLoader.Load(request, fileSystem, findings), fileSystem);
        request.StackLoaded?.Invoke(stack);
        foreach (var file in stack.Files)
            foreach (var rule in RuleCatalog.Rules)
                findings.AddRange(RunRule(rule, file, stack));
        // Asked once every rule has run: rules expand variables too, and may be the ones that run out.
        findings.AddRange(ExpansionRefusals(stack));

        // Suppressions are matched against every finding, whatever its configured severity, so a suppression of a
        // rule that is merely switched off is not called stale.
        var suppressions = InlineSuppressions.Read(request.Files.Select(f => f.Path).Concat(findings.Select(f => f.Location.FilePath)), fileSystem, request.MaxFileBytes);
        var dockerfiles = stack.Files.OfType<DockerfileModel>().ToList();
        if (!hadolint.DisableIgnorePragma) suppressions.Add(dockerfiles.SelectMany(HadolintPragmas.Of));
        // Suppressed findings are kept, marked with the comment and its reason: SARIF shows them as suppressed.
        var covering = suppressions.Apply(findings);
        for (var i = 0; i < findings.Count; i++)
            if (covering[i] != null) findings[i] = findings[i] with { Suppression = covering[i] };
        findings.AddRange(suppressions.Problems());

        var severities = new SeverityConfiguration(fileSystem, RuleCatalog.Names);
        var dockerfilePaths = new HashSet<string>(dockerfiles.Select(d => d.Path), StringComparer.Ordinal);
        var configured = findings.Select(f => f with
        {
            Severity = hadolint.Ignores(f, dockerfilePaths) ? Severity.None : severities.Resolve(f.Rule, f.Location.FilePath, AnalysisModes.StartingSeverity(f.Rule, request.Mode)),
        }).ToList();
        configured.AddRange(severities.Problems.Select(p => ToolDiagnostics.ConfigurationProblem.At(p.Location, null, null, p.Message)));
        configured.AddRange(hadolint.Problems.Select(p => p with { Severity = severities.Resolve(p.Rule, p.Location.FilePath, AnalysisModes.StartingSeverity(p.Rule, request.Mode)) }));

        var reported = Sorted(configured.Where(f => f.Suppression == null && f.Severity.IsReported()));
        var suppressed = Sorted(configured.Where(f => f.Suppression != null && f.Severity.IsReported()));
        return new AnalysisResult(reported, fileSystem.Probed, suppressed, CheckSummary.Of(stack, selection.Skipped));
    }

    /// <summary>One finding per (file, line, column, rule), in the stable order every report uses.</summary>
    internal static List<Finding> Sorted(IEnumerable<Finding> findings) => findings
        .GroupBy(f => (f.Location.FilePath, f.Location.Line, f.Location.Column, f.RuleId))
        .Select(g => g.First())
        .OrderBy(f => f.Location.FilePath, StringComparer.Ordinal)
        .ThenBy(f => f.Location.Line)
        .ThenBy(f => f.Location.Column)
        .ThenBy(f => f.RuleId, StringComparer.Ordinal)
        .ToList();

    /// <summary>An HRD000 where a Dockerfile's variable substitution ran out of budget: past it, values were unknown to the rules.</summary>
    private static IEnumerable<Finding> ExpansionRefusals(Stack stack) =>
        from dockerfile in stack.Files.OfType<DockerfileModel>()
        let budget = dockerfile.ExpansionBudget
        where budget.IsExhausted
        select ToolDiagnostics.FileNotLoaded.At(
            new SourceLocation(dockerfile.Path, budget.RefusedAt.Line > 0 ? budget.RefusedAt : SourceSpan.FileStart), null, null,
            budget.Describe(budget.RefusedVariable!, "HardeningTasks substitutes no more variables in this file: values that need one count as unknown, so the rules may say less about it."));

    private static IReadOnlyList<Finding> RunRule(Rule rule, StackFile file, Stack stack)
    {
        try
        {
            return rule.Check(file, stack).ToList();
        }
        catch (Exception ex)
        {
            var message = $"Rule {rule.Descriptor.Id} failed on this file ({ex.GetType().Name}: {ex.Message}); the other rules and files were still checked. Please report this with the file.";
            return new[] { ToolDiagnostics.FileNotLoaded.At(SourceLocation.FileStart(file.Path), null, null, message) };
        }
    }
}
