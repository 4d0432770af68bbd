using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HardeningTasks;

/// <summary>
/// Asks MSBuild what its logging does with each rule's warnings beyond the properties the targets pass: the command
/// line's <c>-warnaserror</c>, <c>-warnaserror:IDs</c>, <c>-warnnotaserror:IDs</c> and <c>-nowarn:IDs</c> are in no
/// property, yet the findings cache and the SARIF log must carry what the build shows. Runs on every build before the
/// scan's up-to-date check, so switching one of them scans again; loads nothing of the engine.
/// </summary>
public sealed class HardeningWarningsAsErrors : Task
{
    /// <summary>The rule IDs to ask about (HardeningRuleIds).</summary>
    [Required] public string[] RuleIds { get; set; } = Array.Empty<string>();

    /// <summary>The project's WarningsNotAsErrors/MSBuildWarningsNotAsErrors: they keep a bare -warnaserror off these IDs.</summary>
    public string[] NotAsErrors { get; set; } = Array.Empty<string>();

    /// <summary>The IDs whose warnings MSBuild turns into errors.</summary>
    [Output] public string[] Escalated { get; private set; } = Array.Empty<string>();

    /// <summary>The IDs whose warnings MSBuild turns into messages (<c>-nowarn</c>).</summary>
    [Output] public string[] Demoted { get; private set; } = Array.Empty<string>();

    public override bool Execute()
    {
        var ids = RuleIds.Select(id => id.Trim()).Where(id => id.Length > 0).ToList();
        var notAsErrors = new HashSet<string>(NotAsErrors.Select(id => id.Trim()), StringComparer.OrdinalIgnoreCase);
        var global = CommandLineSets(BuildEngine);
        Demoted = ids.Where(id => global.AsMessages?.Contains(id) == true).ToArray();
        Escalated = ids.Except(Demoted).Where(id =>
            (BuildEngine is IBuildEngine8 engine && engine.ShouldTreatWarningAsError(id))
            || (global.AsErrors != null && (global.AsErrors.Contains(id) || (global.AsErrors.Count == 0 && global.NotAsErrors?.Contains(id) != true && !notAsErrors.Contains(id))))).ToArray();
        return true;
    }

    /// <summary>
    /// The command line's sets, as MSBuild's logging service holds them (an empty -warnaserror set means every warning).
    /// IBuildEngine8.ShouldTreatWarningAsError answers for -warnaserror:IDs, but not for a bare -warnaserror once the
    /// project has a WarningsAsErrors list of its own (the SDK's NU1605 is enough): TaskHost merges the global empty set
    /// into the project's list and loses "every warning" (dotnet/msbuild LoggingService.GetWarningsForProject). So read
    /// the logging service's sets, through TaskHost.LoggingContext.LoggingService; on an engine without them (another
    /// host, a future MSBuild), nulls: only ShouldTreatWarningAsError is used.
    /// </summary>
    private static (ICollection<string>? AsErrors, ICollection<string>? NotAsErrors, ICollection<string>? AsMessages) CommandLineSets(IBuildEngine engine)
    {
        try
        {
            const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            var context = engine.GetType().GetProperty("LoggingContext", Instance)?.GetValue(engine);
            var service = context?.GetType().GetProperty("LoggingService", Instance)?.GetValue(context);
            if (service == null) return (null, null, null);
            ICollection<string>? Set(string name) =>
                service.GetType().GetInterfaces().Concat(new[] { service.GetType() })
                    .Select(t => t.GetProperty(name, Instance)).FirstOrDefault(p => p != null)?.GetValue(service) as ICollection<string>;
            return (Set("WarningsAsErrors"), Set("WarningsNotAsErrors"), Set("WarningsAsMessages"));
        }
        catch (Exception ex) when (ex is TargetInvocationException || ex is MemberAccessException || ex is InvalidOperationException)
        {
            return (null, null, null);
        }
    }
}
