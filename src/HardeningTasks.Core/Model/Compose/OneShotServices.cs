using System;
using System.Linq;

namespace HardeningTasks.Core.Model.Compose;

/// <summary>
/// Which services run once and exit rather than serve (RULES.md "One-shot services are one notion"): the one notion that
/// HRD050, HRD052–HRD056 and the Dockerfile rules HRD061/HRD065 share. A service is one-shot when
/// <list type="bullet">
/// <item><c>restart</c> (or <c>deploy.restart_policy.condition</c>) is <c>"no"</c>/<c>none</c> and it has its own <c>command</c> or
/// <c>entrypoint</c>. Not <c>on-failure</c> with a command alone: long-running servers use it too (frappe's <c>pwd.yml</c> runs its
/// nginx front end and queue workers that way), so <c>on-failure</c> needs the name to say it is a job;</item>
/// <item>it is not restarted always (<c>restart</c> absent — Docker's default is <c>"no"</c> — <c>"no"</c> or <c>on-failure</c>) and its
/// name or image says what job it does (<c>teable-db-migrate</c>, <c>createbuckets</c>, <c>init-perms</c>, <c>test-runner</c>);</item>
/// <item>another service waits for it with <c>condition: service_completed_successfully</c>;</item>
/// <item>it is only in profiles named like one-shot work (<c>tools</c>, <c>migrate</c>, <c>setup</c>, <c>test</c>, <c>debug</c>, …):
/// started by hand with <c>--profile</c>, gone when it is done;</item>
/// <item>it is <c>sut</c>, the test runner of Docker Hub's automated tests (<c>docker-compose.test.yml</c>).</item>
/// </list>
/// </summary>
public static class OneShotServices
{
    /// <summary>Word starts that name one-shot work, in service, image and profile names (<c>migrations</c>, <c>setup-db</c>, <c>tests</c>).</summary>
    private static readonly string[] JobWords =
    {
        "tool", "migrat", "setup", "init", "seed", "bootstrap", "provision", "configur", "oneshot", "script", "test", "install", "upgrade", "create",
    };

    /// <summary>Whole words that name one-shot work (<c>cli</c>, but not <c>client</c>).</summary>
    private static readonly string[] JobExactWords = { "cli", "job", "jobs", "task", "tasks" };

    /// <summary>Profile words beyond <see cref="JobWords"/>: a <c>debug</c> profile holds tools started by hand.</summary>
    private static readonly string[] ProfileOnlyWords = { "debug", "manual" };

    public static bool Is(ComposeService service)
    {
        var restart = service.RestartPolicy?.Value.Trim().ToLowerInvariant();
        var neverRestarted = restart is "no" or "none" or "false";
        var onFailure = restart != null && restart.StartsWith("on-failure", StringComparison.Ordinal);
        if (neverRestarted && (service.Command.Count > 0 || service.Entrypoint.Count > 0)) return true;
        if ((restart == null || neverRestarted || onFailure) && (NamesAJob(service.Name) || NamesAJob(service.Image?.Value))) return true;
        if (service.Project.IsAwaited(service.Name, "service_completed_successfully")) return true;
        if (service.Name == "sut") return true;
        var profiles = service.Profiles;
        return profiles.Count > 0 && profiles.All(p => NamesAJob(p) || Words(p).Any(w => ProfileOnlyWords.Any(o => w.StartsWith(o, StringComparison.Ordinal))));
    }

    /// <summary>True when a word of the name (split at <c>-</c>, <c>_</c>, <c>.</c>, <c>/</c>, <c>:</c>) names one-shot work.</summary>
    private static bool NamesAJob(string? name) =>
        Words(name).Any(word => Array.IndexOf(JobExactWords, word) >= 0 || JobWords.Any(w => word.StartsWith(w, StringComparison.Ordinal)));

    private static string[] Words(string? name) =>
        string.IsNullOrEmpty(name) ? Array.Empty<string>() : name!.ToLowerInvariant().Split(new[] { '-', '_', '.', '/', ':' }, StringSplitOptions.RemoveEmptyEntries);
}
