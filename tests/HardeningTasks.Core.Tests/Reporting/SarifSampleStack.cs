using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Reporting;

/// <summary>A small real stack on disk whose findings have every level: errors (HRD000), warnings and a suggestion (HRD091).</summary>
public static class SarifSampleStack
{
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["docker-compose.yml"] =
            "services:\n" +
            "  web:\n" +
            "    image: nginx:latest\n" +
            "    privileged: true\n" +
            "  proxy:\n" +
            "    # hardening-ignore HRD001 the mirror retags it nightly\n" +
            "    image: traefik:latest\n" +
            "  db:\n" +
            "    # hardening-ignore HRD001 pinned below, this comment is stale\n" +
            "    image: postgres:16.4\n",
        ["Dockerfile"] =
            "FROM ubuntu\n" +
            "ADD app.tar.gz /app\n" +
            "RUN sudo apt-get update\n" +
            "CMD node server.js\n",
        ["my app/compose.yaml"] = "services:\n  api:\n    image: [broken\n",
    };

    public static IReadOnlyList<Finding> Analyze(string root) => AnalyzeAll(root).Findings;

    /// <summary>The whole result: reported findings and the suppressed one (proxy's HRD001).</summary>
    public static AnalysisResult AnalyzeAll(string root)
    {
        foreach (var (path, text) in Files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        var inputs = Files.Keys.Select(p => Path.Combine(root, p)).Select(p => new InputFile(p, InputClassifier.Classify(p)!.Value)).ToList();
        return Engine.Analyze(new AnalysisRequest { ProjectDirectory = root, Files = inputs });
    }
}
