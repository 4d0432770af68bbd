using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;

namespace HardeningTasks.Core.Rules.Dockerfile;

/// <summary>
/// HRD063: package-manager steps that leave caches and extras in a shipped layer: <c>apt-get install</c> without
/// <c>--no-install-recommends</c> or without removing <c>/var/lib/apt/lists</c> in the same <c>RUN</c>; <c>apk add</c>
/// without <c>--no-cache</c>; <c>pip install</c> without <c>--no-cache-dir</c>; <c>dnf</c>/<c>yum</c> <c>install</c>
/// without <c>clean all</c>. Cache mounts (<c>RUN --mount=type=cache</c>) on the cache directory count as clean.
/// Only stages whose layers are shipped (the final stage and the stages it is built FROM) are checked.
/// </summary>
public sealed class PackageManagerHygieneRule : Rule<DockerfileModel>
{
    public static readonly RuleDescriptor Definition = new(
        "HRD063", "Package manager leaves caches in the image", Categories.Dockerfile, Severity.Suggestion,
        "{0} in {1} {2}; {3}");

    private static readonly Regex Pip = new(@"^pip([0-9](\.[0-9]+)?)?$", RegexOptions.CultureInvariant);
    private static readonly Regex Python = new(@"^python([0-9](\.[0-9]+)?)?$", RegexOptions.CultureInvariant);
    private static readonly HashSet<string> Truthy = new(StringComparer.OrdinalIgnoreCase) { "1", "true", "yes", "on" };

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(DockerfileModel file, Stack stack)
    {
        foreach (var stage in FinalStages.Shipped(file, stack).OrderBy(s => s.Index))
            foreach (var run in stage.InstructionsOf("RUN"))
            {
                var commands = ShellCommands.Of(run);
                var memo = new Dictionary<string, bool>(StringComparer.Ordinal);
                foreach (var command in commands)
                {
                    var finding = Judge(stage, run, commands, command, memo);
                    if (finding != null) yield return finding;
                }
            }
    }

    /// <param name="memo">Answers about the whole RUN, computed once per RUN: a RUN with thousands of installs would
    /// otherwise scan all its commands for each of them (quadratic; a generated 250 KB RUN took seconds).</param>
    private static Finding? Judge(DockerStage stage, DockerInstruction run, IReadOnlyList<ShellCommand> commands, ShellCommand command, Dictionary<string, bool> memo)
    {
        bool Removes(string path) => Once(memo, "rm " + path, () => PackageManagerHygieneRule.Removes(commands, path));
        var program = command.Program;
        var name = command.Name;
        if (name == null) return null;
        var where = stage.Description;
        Finding At(string what, string problem, string fix) =>
            Definition.At(run.LocationOf(program[0].Span), stage.Name, what, what, where, problem, fix);

        if ((name == "apt-get" || name == "apt") && Subcommand(program, "-o", "-t", "-c") == "install")
        {
            var problems = new List<string>();
            if (!program.Any(w => w.Text == "--no-install-recommends" || w.Text.IndexOf("Install-Recommends=false", StringComparison.OrdinalIgnoreCase) >= 0 || w.Text.IndexOf("Install-Recommends=0", StringComparison.Ordinal) >= 0))
                problems.Add("without --no-install-recommends (it installs every recommended package as well)");
            if (!Removes("/var/lib/apt/lists") && !Cached(run, "/var/lib/apt/lists"))
                problems.Add("without rm -rf /var/lib/apt/lists/* in the same RUN (the package lists stay in the layer)");
            if (problems.Count == 0) return null;
            return At(name + " install", string.Join(" and ", problems),
                "use apt-get install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*, or cache mounts on /var/lib/apt and /var/cache/apt.");
        }

        if (name == "apk" && Subcommand(program, "-X", "--repository", "-p", "--root") == "add")
        {
            if (program.Any(w => w.Text == "--no-cache") || Cached(run, "/var/cache/apk", "/etc/apk/cache") || Removes("/var/cache/apk")) return null;
            return At("apk add", "without --no-cache (the package index stays in /var/cache/apk in the layer)",
                "use apk add --no-cache …, or a cache mount on /var/cache/apk.");
        }

        var isPip = Pip.IsMatch(name) && Subcommand(program) == "install";
        if (!isPip && Python.IsMatch(name))
        {
            var m = program.Select(w => w.Text).ToList().IndexOf("-m");
            isPip = m > 0 && m + 2 < program.Count && Pip.IsMatch(program[m + 1].Text) && program.Skip(m + 2).FirstOrDefault(w => !w.Text.StartsWith("-", StringComparison.Ordinal))?.Text == "install";
        }
        if (isPip)
        {
            if (program.Any(w => w.Text == "--no-cache-dir") || PipCacheDisabled(stage, run, commands, command, memo)
                || Cached(run, "/root/.cache/pip") || CachesHomeCache(run))
                return null;
            return At(name + " install", "without --no-cache-dir (downloaded wheels stay in ~/.cache/pip in the layer)",
                "add --no-cache-dir, set ENV PIP_NO_CACHE_DIR=1, or use a cache mount on /root/.cache/pip.");
        }

        if (name is "dnf" or "yum" or "microdnf" or "tdnf" && Subcommand(program, "--setopt", "-c", "--repo", "--enablerepo", "--disablerepo") == "install")
        {
            var cleaned = Once(memo, "clean all", () => commands.Any(c => c.Name is "dnf" or "yum" or "microdnf" or "tdnf" && c.Program.Skip(1).Any(w => w.Text == "clean") && c.Program.Any(w => w.Text == "all")))
                || Removes("/var/cache/dnf") || Removes("/var/cache/yum")
                || Cached(run, "/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5");
            if (cleaned) return null;
            return At(name + " install", $"without {name} clean all in the same RUN (the package cache stays in the layer)",
                $"end the RUN with && {name} clean all (or rm -rf /var/cache/{(name == "yum" ? "yum" : "dnf")}).");
        }
        return null;
    }

    /// <summary>The first word after the program that is not an option (nor the value of one of <paramref name="optionsWithValue"/>).</summary>
    private static string? Subcommand(IReadOnlyList<ShellWord> program, params string[] optionsWithValue)
    {
        for (var i = 1; i < program.Count; i++)
        {
            var text = program[i].Text;
            if (text.StartsWith("-", StringComparison.Ordinal))
            {
                if (optionsWithValue.Contains(text)) i++;
                continue;
            }
            return text;
        }
        return null;
    }

    private static bool Once(Dictionary<string, bool> memo, string key, Func<bool> answer)
    {
        if (!memo.TryGetValue(key, out var value)) memo[key] = value = answer();
        return value;
    }

    /// <summary>True when the same RUN removes <paramref name="path"/> (or something under it) with rm.</summary>
    private static bool Removes(IReadOnlyList<ShellCommand> commands, string path) =>
        commands.Any(c => c.Name == "rm" && c.Program.Skip(1).Any(w => w.Text.StartsWith(path, StringComparison.Ordinal)));

    /// <summary>True when the RUN mounts a cache or tmpfs on one of <paramref name="directories"/> or on a directory that
    /// holds it (<c>/var/lib/apt</c> holds the lists, <c>/var/cache</c> holds apk's cache): nothing written there reaches the layer.</summary>
    private static bool Cached(DockerInstruction run, params string[] directories) =>
        run.Mounts.Any(m => m.Type is "cache" or "tmpfs" && m.Target != null && directories.Any(d => Holds(m.Target, d)));

    private static bool Holds(string target, string directory)
    {
        var mounted = target.TrimEnd('/');
        return mounted.Length > 0 && (directory == mounted || directory.StartsWith(mounted + "/", StringComparison.Ordinal));
    }

    /// <summary>A cache or tmpfs mount on a user's pip cache: <c>/home/app/.cache/pip</c>, <c>/home/app/.cache</c> (pip runs as that user).</summary>
    private static bool CachesHomeCache(DockerInstruction run) =>
        run.Mounts.Any(m => m.Type is "cache" or "tmpfs" && m.Target is { } target
            && (target.TrimEnd('/').EndsWith("/.cache", StringComparison.Ordinal) || target.IndexOf("/.cache/pip", StringComparison.Ordinal) >= 0));

    private static bool PipCacheDisabled(DockerStage stage, DockerInstruction run, IReadOnlyList<ShellCommand> commands, ShellCommand command, Dictionary<string, bool> memo)
    {
        if (command.Assignments.Any(a => IsTruthyPipSetting(a.Text))) return true;
        if (Once(memo, "export PIP_NO_CACHE_DIR", () => commands.Any(c => c.Name == "export" && c.Program.Skip(1).Any(w => IsTruthyPipSetting(w.Text))))) return true;
        var env = stage.Expand("${PIP_NO_CACHE_DIR}", run);
        if (env.IsFullyResolved) return Truthy.Contains(env.Value);
        // inherited through FROM <stage>
        for (var parent = stage.BaseStage; parent != null; parent = parent.BaseStage)
        {
            var inherited = parent.Expand("${PIP_NO_CACHE_DIR}");
            if (inherited.IsFullyResolved) return Truthy.Contains(inherited.Value);
        }
        return false;
    }

    private static bool IsTruthyPipSetting(string word) =>
        word.StartsWith("PIP_NO_CACHE_DIR=", StringComparison.Ordinal) && Truthy.Contains(word.Substring("PIP_NO_CACHE_DIR=".Length).Trim('"', '\''));
}
