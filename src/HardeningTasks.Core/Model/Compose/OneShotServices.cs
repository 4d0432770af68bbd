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
/// name or image says what job it does (<c>teable-db-migrate</c>, <c>createbuckets</c>, <c>init-perms</c>), or it is a test runner
/// (a name with <c>test</c>) with its own command;</item>
/// <item>another service waits for it with <c>condition: service_completed_successfully</c>;</item>
/// <item>it is only in profiles named like one-shot work (<c>tools</c>, <c>migrate</c>, <c>setup</c>, <c>test</c>, <c>debug</c>, …):
/// started by hand with <c>--profile</c>, gone when it is done;</item>
/// <item>it is <c>sut</c>, the test runner of Docker Hub's automated tests (<c>docker-compose.test.yml</c>).</item>
/// </list>
/// </summary>
public static class OneShotServices
{
    /// <summary>Word starts of service names that say the service does a job and exits (<c>db-migrate</c>, <c>createbuckets</c>,
    /// <c>runner-register</c>). Not <c>task</c>, <c>tool</c>, <c>job</c>: long-running services carry them too (appwrite's
    /// <c>appwrite-task-scheduler-messages</c>, n8n's <c>task-runners</c>, the <c>it-tools</c> web app).</summary>
    private static readonly string[] JobWords =
    {
        "migrat", "setup", "init", "seed", "bootstrap", "provision", "configur", "oneshot", "install", "upgrade", "create", "register",
    };

    /// <summary>Word starts of image names that say the image is a job (<c>teable-db-migrate</c>); fewer than for service names:
    /// <c>temporalio/auto-setup</c> is a server that sets itself up.</summary>
    private static readonly string[] ImageJobWords = { "migrat", "init", "seed", "bootstrap", "provision" };

    /// <summary>Word starts of profile names that hold one-shot work: started by hand with <c>--profile</c>, gone when done.</summary>
    private static readonly string[] ProfileWords =
    {
        "tool", "migrat", "setup", "init", "seed", "bootstrap", "provision", "oneshot", "script", "test", "install", "upgrade", "debug", "manual", "cli", "job", "task",
    };

    public static bool Is(ComposeService service)
    {
        var restart = service.RestartPolicy?.Value.Trim().ToLowerInvariant();
        var neverRestarted = restart is "no" or "none" or "false";
        var notAlways = restart == null || neverRestarted || restart.StartsWith("on-failure", StringComparison.Ordinal);
        var ownCommand = service.Command.Count > 0 || service.Entrypoint.Count > 0;
        if (neverRestarted && ownCommand) return true;
        if (notAlways && (Names(service.Name, JobWords) || Names(ImageName(service), ImageJobWords))) return true;
        // A test runner runs its tests and exits (nextcloud-aio's test-runner: 'npx playwright test').
        if (notAlways && ownCommand && Names(service.Name, new[] { "test" })) return true;
        if (service.Project.IsAwaited(service.Name, "service_completed_successfully")) return true;
        if (service.Name == "sut") return true;
        var profiles = service.Profiles;
        return profiles.Count > 0 && profiles.All(p => Names(p, ProfileWords));
    }

    private static string? ImageName(ComposeService service)
    {
        var image = service.Image?.Value;
        if (image == null) return null;
        var slash = image.LastIndexOf('/');
        var name = image.Substring(slash + 1);
        var colon = name.IndexOf(':');
        return colon < 0 ? name : name.Substring(0, colon);
    }

    /// <summary>True when a word of the name (split at <c>-</c>, <c>_</c>, <c>.</c>) starts with one of <paramref name="words"/>.</summary>
    private static bool Names(string? name, string[] words) =>
        !string.IsNullOrEmpty(name)
        && name!.ToLowerInvariant().Split(new[] { '-', '_', '.' }, StringSplitOptions.RemoveEmptyEntries).Any(part => words.Any(w => part.StartsWith(w, StringComparison.Ordinal)));
}
