using System.Text.Json;

namespace HardeningTasks.Cli.Tests;

/// <summary><c>hardening check</c> on real files: the exact lines, the summary, the exit code.</summary>
public class CheckTests
{
    private const string Latest = "services:\n  web:\n    image: nginx:latest\n";

    private static string Hrd001(string service, string image = "nginx", string tag = "latest", string? from = null) =>
        $"Service '{service}' uses image '{image}:{tag}'{(from == null ? "" : $" (from '{from}')")} with the mutable tag '{tag}'; pin a version ('{image}:<version>') or a digest ('{image}@sha256:…') so every build and deploy gets the same image.";

    [Test]
    public void Text_PrintsCompilerLinesRelativeToTheCurrentDirectory_AndTheSummaryOnStderr()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001")), ("docker-compose.yml", Latest),
            ("app/compose.yaml", "services:\n  cache:\n    image: redis:latest\n"));

        var result = Cli.Run(tree.Root, "check");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Lines, Is.EqualTo(new[]
        {
            "app/compose.yaml(3,12): warning HRD001: " + Hrd001("cache", "redis"),
            "docker-compose.yml(3,12): warning HRD001: " + Hrd001("web"),
        }), result.ToString());
        Assert.That(result.ErrorLines, Is.EqualTo(new[] { "hardening: checked 2 compose files (2 projects): 0 errors, 2 warnings, 0 suggestions." }), result.ToString());

        var fromSubdirectory = Cli.Run(tree["app"], "check", "..");
        Assert.That(fromSubdirectory.Lines, Is.EqualTo(new[]
        {
            "compose.yaml(3,12): warning HRD001: " + Hrd001("cache", "redis"),
            "../docker-compose.yml(3,12): warning HRD001: " + Hrd001("web"),
        }), "relative to the current directory, in the order of the files' full paths: " + fromSubdirectory);
    }

    [Test]
    public void EditorConfigEscalationToError_ExitsOne()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001") + "\n[*.yml]\ndotnet_diagnostic.HRD001.severity = error\n"), ("docker-compose.yml", Latest),
            ("compose.yaml", "services:\n  cache:\n    image: redis:latest\n"));

        var result = Cli.Run(tree.Root, "check", ".");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Lines, Is.EqualTo(new[]
        {
            "compose.yaml(3,12): warning HRD001: " + Hrd001("cache", "redis"),
            "docker-compose.yml(3,12): error HRD001: " + Hrd001("web"),
        }), "[*.yml] escalates the .yml file only");
        Assert.That(result.ErrorLines.Last(), Is.EqualTo("hardening: checked 2 compose files (2 projects): 1 error, 1 warning, 0 suggestions."));
    }

    [Test]
    public void Suggestion_IsCountedButNotPrinted_AsTheBuildHidesIt_AndSuggestionsPrintsIt()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only() + "dotnet_diagnostic.HRD001.severity = suggestion\n"), ("docker-compose.yml", Latest));
        var result = Cli.Run(tree.Root, "check");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Lines, Is.Empty, "dotnet build shows suggestions at detailed verbosity only; the CLI agrees by default");
        Assert.That(result.ErrorLines.Last(), Is.EqualTo("hardening: checked 1 compose file (1 project): 0 errors, 0 warnings, 1 suggestion (shown with --suggestions)."));

        var shown = Cli.Run(tree.Root, "check", "--suggestions");
        Assert.That(shown.Lines, Is.EqualTo(new[] { "docker-compose.yml(3,12): suggestion HRD001: " + Hrd001("web") }));
        Assert.That(shown.ErrorLines.Last(), Is.EqualTo("hardening: checked 1 compose file (1 project): 0 errors, 0 warnings, 1 suggestion."));
        Assert.That(Cli.Run(tree.Root, "check", "--format", "json").Stdout, Does.Contain("\"severity\": \"suggestion\""), "machine formats carry everything");
    }

    [Test]
    public void InlineSuppression_IsHonoured()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001")),
            ("docker-compose.yml", "services:\n  web:\n    # hardening-ignore HRD001 the release job pins it\n    image: nginx:latest\n  api:\n    image: nginx:latest\n"));
        var result = Cli.Run(tree.Root, "check");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Lines, Is.EqualTo(new[] { "docker-compose.yml(6,12): warning HRD001: " + Hrd001("api") }), "only the unsuppressed service");
    }

    [Test]
    public void DirectoryWalk_ReadsEveryYamlFile_AndSkipsNodeModulesBinObjGitAndGitHub()
    {
        var files = new List<(string, string)> { (".editorconfig", TempTree.Only("HRD001")) };
        string[] checkedFiles =
        {
            "docker-compose.yml", "deploy/compose-dev.yml", ".devcontainer/docker-compose.yml", "Dockerfile", "api/web.Dockerfile", "api/worker.dockerfile", "Dockerfile.prod",
            "mycompose.yml", "stack.yml", "deploy/prod.yaml", // named otherwise, compose by what they hold
        };
        string[] excluded =
        {
            "node_modules/pkg/docker-compose.yml", "deep/node_modules/compose.yml", "bin/compose.yaml", "src/obj/Dockerfile", ".git/compose.yml",
            ".github/workflows/compose.yml", "docker-compose.yml.bak", "compose.json", "Dockerfile.dockerignore",
        };
        foreach (var path in checkedFiles.Concat(excluded))
            files.Add((path, path.Contains("ockerfile") ? "FROM nginx:latest\n" : Latest));
        files.Add(("k8s/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n"));
        files.Add(("ansible/site.yml", "- hosts: all\n  tasks:\n    - name: up\n      command: docker compose up -d\n"));
        using var tree = new TempTree(files.ToArray());

        var result = Cli.Run(tree.Root, "check", ".");
        var reported = result.Lines.Select(l => l.Substring(0, l.IndexOf('('))).ToList();
        Assert.That(reported, Is.EquivalentTo(checkedFiles), result.ToString());
        Assert.That(result.ErrorLines.Last(), Is.EqualTo(
            $"hardening: checked 6 compose files (6 projects), 4 Dockerfiles; skipped 2 YAML files (not compose or Traefik): 0 errors, {checkedFiles.Length} warnings, 0 suggestions."));
        Assert.That(result.Lines, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "sorted by path");

        var detailed = Cli.Run(tree.Root, "check", ".", "-v", "d");
        Assert.That(detailed.ErrorLines, Is.EqualTo(new[]
        {
            "hardening: skipped ansible/site.yml: not compose or Traefik",
            "hardening: skipped k8s/service.yaml: not compose or Traefik",
            result.ErrorLines.Last(),
        }), detailed.ToString());
        Assert.That(Cli.Run(tree.Root, "check", ".", "--verbosity=quiet").ErrorLines, Is.Empty, "quiet: no summary");
    }

    [Test]
    public void ExplicitFiles_AreCheckedWhateverTheirName_AndADirectoryInsideAnExcludedOneWhenNamed()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001")), ("stack/prod-stack.yml", Latest),
            ("node_modules/pkg/compose.yml", "services:\n  pkg:\n    image: nginx:latest\n"), ("README.md", "# readme\n"));

        var result = Cli.Run(tree.Root, "check", "stack/prod-stack.yml", "node_modules/pkg");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Lines, Is.EqualTo(new[]
        {
            "node_modules/pkg/compose.yml(3,12): warning HRD001: " + Hrd001("pkg"),
            "stack/prod-stack.yml(3,12): warning HRD001: " + Hrd001("web"),
        }), result.ToString());

        using var manifests = new TempTree(("k8s/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"));
        var manifest = Cli.Run(manifests.Root, "check", "k8s/service.yaml");
        Assert.That((manifest.ExitCode, manifest.Lines.Count), Is.EqualTo((0, 0)), manifest.ToString());
        Assert.That(manifest.ErrorLines.Last(), Is.EqualTo("hardening: checked no compose file, Dockerfile or Traefik config; skipped 1 YAML file (not compose or Traefik): 0 errors, 0 warnings, 0 suggestions."),
            "a named YAML file is judged by what it holds too, and the summary says it was not checked");

        var readme = Cli.Run(tree.Root, "check", "README.md");
        Assert.That(readme.ExitCode, Is.EqualTo(2), readme.ToString());
        Assert.That(readme.ErrorLines[0], Is.EqualTo("hardening: 'README.md' is not a compose file, Dockerfile or Traefik config by its name."));
    }

    /// <summary>Each file the check reads on its own account says what reads it; a .env gets no word about .dockerignore.</summary>
    [Test]
    public void ExplicitEnvOrDockerignore_SaysWhatReadsIt()
    {
        using var tree = new TempTree(("x/.env", "TAG=1\n"), ("x/.dockerignore", "*\n"));
        var env = Cli.Run(tree.Root, "check", "x/.env");
        Assert.That(env.ExitCode, Is.EqualTo(2), env.ToString());
        Assert.That(env.ErrorLines[0], Is.EqualTo("hardening: 'x/.env' is not a compose file, Dockerfile or Traefik config by its name; a .env is read by the compose files that use it (check their directory)."));
        var ignore = Cli.Run(tree.Root, "check", "x/.dockerignore");
        Assert.That(ignore.ErrorLines[0], Is.EqualTo("hardening: 'x/.dockerignore' is not a compose file, Dockerfile or Traefik config by its name; a .dockerignore is read with the Dockerfile it belongs to."));
    }

    [Test]
    public void UnreadableYaml_IsAnErrorOnTheFile_AndTheOtherFilesAreStillChecked()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001")), ("docker-compose.yml", Latest), ("sub/compose.yaml", "services:\n  db:\n    image: [postgres\n"));
        var result = Cli.Run(tree.Root, "check");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Lines, Has.Count.EqualTo(2));
        Assert.That(result.Lines[0], Is.EqualTo("docker-compose.yml(3,12): warning HRD001: " + Hrd001("web")));
        Assert.That(result.Lines[1], Does.StartWith("sub/compose.yaml(4,1): error HRD000: "));
    }

    [Test]
    public void Var_IsAnInterpolationVariable()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001")), ("docker-compose.yml", "services:\n  web:\n    image: nginx:${TAG:-1.27.3}\n"));
        Assert.That(Cli.Run(tree.Root, "check").Lines, Is.Empty, "the default pins a version");

        var result = Cli.Run(tree.Root, "check", "--var", "TAG=latest");
        Assert.That(result.Lines, Is.EqualTo(new[] { "docker-compose.yml(3,12): warning HRD001: " + Hrd001("web", from: "nginx:${TAG:-1.27.3}") }), result.ToString());
        Assert.That(Cli.Run(tree.Root, "check", "--var=TAG=latest").Lines, Is.EqualTo(result.Lines), "--name=value form");
    }

    [Test]
    public void TrustedRegistries_AreHardeningTrustedRegistries()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD004")),
            ("docker-compose.yml", "services:\n  web:\n    image: ghcr.io/acme/web:1.2.3\n  db:\n    image: postgres:16.4\n"));
        Assert.That(Cli.Run(tree.Root, "check").Lines, Is.Empty, "no list, no check");

        var result = Cli.Run(tree.Root, "check", "--trusted-registries", "ghcr.io;registry.acme.io");
        Assert.That(result.Lines, Has.Count.EqualTo(1), result.ToString());
        Assert.That(result.Lines[0], Does.StartWith("docker-compose.yml(5,12): warning HRD004: Service 'db' pulls image 'postgres:16.4' from 'docker.io'"));
        Assert.That(result.Lines[0], Does.Contain("not in --trusted-registries (ghcr.io, registry.acme.io)").And.Not.Contain("HardeningTrustedRegistries"), "the CLI names its own option");
    }

    [Test]
    public void MaxFileSize_LeavesLargerFilesUnread()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001")), ("docker-compose.yml", Latest));
        var result = Cli.Run(tree.Root, "check", "--max-file-size", "16B");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Lines, Has.Count.EqualTo(1));
        Assert.That(result.Lines[0], Does.StartWith("docker-compose.yml(1,1): error HRD000: "));
        Assert.That(result.Lines[0], Does.Contain("limit (--max-file-size)").And.Not.Contain("HardeningMaxFileSize"), "the CLI names its own option");
        Assert.That(Cli.Run(tree.Root, "check", "--max-file-size", "1KB").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void NoInputFiles_IsNotAnError()
    {
        using var tree = new TempTree(("README.md", "# nothing to check\n"));
        var result = Cli.Run(tree.Root, "check");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Lines, Is.Empty);
        Assert.That(result.ErrorLines, Is.EqualTo(new[]
        {
            "hardening: found no compose file, Dockerfile or Traefik config in '.'.",
            "hardening: checked no compose file, Dockerfile or Traefik config: 0 errors, 0 warnings, 0 suggestions.",
        }));
    }

    [Test]
    public void Sarif_ToAFile_ParsesAndHoldsTheResults()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001") + "\n[*.yml]\ndotnet_diagnostic.HRD001.severity = error\n"), ("infra/docker-compose.yml", Latest));

        var result = Cli.Run(tree.Root, "check", "--format", "sarif", "--output", "out/../hardening.sarif");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stdout, Is.Empty, "the report went to the file");
        Assert.That(result.ErrorLines.Last(), Is.EqualTo("hardening: checked 1 compose file (1 project): 1 error, 0 warnings, 0 suggestions."));

        var run = JsonDocument.Parse(File.ReadAllText(tree["hardening.sarif"])).RootElement.GetProperty("runs")[0];
        var sarifResult = run.GetProperty("results").EnumerateArray().Single();
        Assert.That(sarifResult.GetProperty("ruleId").GetString(), Is.EqualTo("HRD001"));
        Assert.That(sarifResult.GetProperty("level").GetString(), Is.EqualTo("error"));
        Assert.That(sarifResult.GetProperty("message").GetProperty("text").GetString(), Is.EqualTo(Hrd001("web")));
        var location = sarifResult.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.That(location.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("infra/docker-compose.yml"));
        Assert.That(location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString(), Is.EqualTo("%SRCROOT%"));
        Assert.That(location.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(3));
        Assert.That(location.GetProperty("region").GetProperty("startColumn").GetInt32(), Is.EqualTo(12));
        Assert.That(location.GetProperty("region").GetProperty("endColumn").GetInt32(), Is.EqualTo(24));
        Assert.That(run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString(), Is.EqualTo(new Uri(tree.Root + "/").AbsoluteUri));
        Assert.That(run.GetProperty("tool").GetProperty("driver").GetProperty("semanticVersion").GetString(), Is.EqualTo(Cli.Run(tree.Root, "--version").Stdout.Trim()));
        var notifications = run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray().ToList();
        Assert.That(notifications.Select(n => n.GetProperty("message").GetProperty("text").GetString()), Is.EqualTo(new[] { "checked 1 compose file (1 project)" }));
    }

    [Test]
    public void Sarif_ToStdout_IsRelativeToTheProjectDirectory()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001")), ("infra/docker-compose.yml", Latest));
        var result = Cli.Run(tree["infra"], "check", "-f", "sarif", "--project-dir", "..");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var uri = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("runs")[0].GetProperty("results")[0]
            .GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString();
        Assert.That(uri, Is.EqualTo("infra/docker-compose.yml"));
        Assert.That(Cli.Run(tree["infra"], "check", "-f", "sarif", "--project-dir", "..").Stdout, Is.EqualTo(result.Stdout), "deterministic");
    }

    [Test]
    public void Json_HasTheFindingsAndTheCounts()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001")), ("docker-compose.yml", Latest));
        var result = Cli.Run(tree.Root, "check", "--format=json");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var root = JsonDocument.Parse(result.Stdout).RootElement;
        var finding = root.GetProperty("findings").EnumerateArray().Single();
        Assert.That(finding.GetProperty("ruleId").GetString(), Is.EqualTo("HRD001"));
        Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo("warning"));
        Assert.That(finding.GetProperty("message").GetString(), Is.EqualTo(Hrd001("web")));
        Assert.That(finding.GetProperty("path").GetString(), Is.EqualTo("docker-compose.yml"));
        Assert.That((finding.GetProperty("line").GetInt32(), finding.GetProperty("column").GetInt32(), finding.GetProperty("endLine").GetInt32(), finding.GetProperty("endColumn").GetInt32()),
            Is.EqualTo((3, 12, 3, 24)));
        Assert.That(finding.GetProperty("subject").GetString(), Is.EqualTo("web"));
        Assert.That(finding.GetProperty("helpUri").GetString(), Does.EndWith("/docs/rules/HRD001.md"));
        var summary = root.GetProperty("summary");
        Assert.That((summary.GetProperty("files").GetInt32(), summary.GetProperty("errors").GetInt32(), summary.GetProperty("warnings").GetInt32()), Is.EqualTo((1, 0, 1)));
        Assert.That(summary.GetProperty("text").GetString(), Is.EqualTo("checked 1 compose file (1 project)"));
        Assert.That(summary.GetProperty("composeFiles").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "docker-compose.yml" }));
        Assert.That(summary.GetProperty("skipped").GetArrayLength(), Is.Zero);
        Assert.That(result.Stdout, Does.Contain("'web'"), "quotes are not escaped as \\u0027");
    }

    [Test]
    public void Output_ToAMissingDirectory_IsAUsageError()
    {
        using var tree = new TempTree((".editorconfig", TempTree.Only("HRD001")), ("docker-compose.yml", Latest));
        var result = Cli.Run(tree.Root, "check", "--output", "no/such/dir/out.txt");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.ErrorLines[0], Does.StartWith("hardening: cannot write the report to 'no/such/dir/out.txt'"));
    }
}
