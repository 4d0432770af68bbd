using Microsoft.Build.Utilities;

namespace HardeningTasks.IntegrationTests.Unit;

/// <summary>The files the task and the native engine exchange: every input and every note survives the trip, and a
/// file of another version is refused rather than misread (the task then checks in process).</summary>
public class ScanProtocolTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = TestPaths.NewTempDirectory("hrd-protocol");

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private static TaskItem Item(string spec, string metadata = "", string value = "")
    {
        var item = new TaskItem(spec);
        if (metadata.Length > 0) item.SetMetadata(metadata, value);
        return item;
    }

    [Test]
    public void RequestSurvivesTheFile_EveryFieldAndAwkwardText()
    {
        var scan = new HardeningScan
        {
            ProjectDirectory = dir,
            ComposeFiles = new[] { Item("a b/docker-compose.yml"), Item("c d/é.yml") },
            Dockerfiles = new[] { Item("Dockerfile") },
            TraefikConfigs = new[] { Item("edge/traefik.yml") },
            YamlFiles = new[] { Item("k8s/x.yaml"), Item("stack.yml") },
            ComposeProjects = new[] { Item("stack/compose.yaml", "Overlays", "stack/prod.yml; stack/ci.yml") },
            Options = new[] { Item("HardeningTrustedRegistries", "Value", "ghcr.io;docker.io"), Item("Other", "Value", "tab\there\nnewline\\") },
            Variables = "TAG=1.2; URL=http://x/?a=b ;",
            MaxFileSize = "2MB",
            AnalysisMode = "minimum",
            NoWarn = "1591;HRD022",
            WarningsAsErrors = "HRD001",
            WarningsNotAsErrors = "HRD010",
            TreatWarningsAsErrors = true,
            SarifFile = "artifacts/h.sarif",
            SarifRootDirectory = "..",
            BaselineFile = "accepted.json",
            UpdateBaseline = true,
            UnitsFile = "obj/u.txt",
            FindingsFile = Path.Combine(dir, "f.tsv"),
            InputsFile = Path.Combine(dir, "i.txt"),
            AbsentInputsFile = Path.Combine(dir, "a.txt"),
        };
        var inputs = scan.Inputs();
        var file = Path.Combine(dir, "request.tsv");
        inputs.Write(file);

        var read = ScanInputs.Read(file);

        Assert.That(read.Serialize(), Is.EqualTo(inputs.Serialize()));
        Assert.Multiple(() =>
        {
            Assert.That(read.Options[1], Is.EqualTo(new KeyValuePair<string, string>("Other", "tab\there\nnewline\\")));
            Assert.That(read.ComposeProjects.Single(), Is.EqualTo(new KeyValuePair<string, string>("stack/compose.yaml", "stack/prod.yml; stack/ci.yml")));
            Assert.That((read.TreatWarningsAsErrors, read.UpdateBaseline), Is.EqualTo((true, true)));
            Assert.That(read.ComposeFiles, Is.EqualTo(new[] { "a b/docker-compose.yml", "c d/é.yml" }));
            Assert.That(read.SarifRootDirectory, Is.EqualTo(".."));
        });
        // and the engine's request built from it is the one the task builds in process
        var fromFile = ScanJob.ToCheckRequest(read);
        var inProcess = scan.BuildRequest();
        Assert.Multiple(() =>
        {
            Assert.That(fromFile.Analysis.Files, Is.EqualTo(inProcess.Analysis.Files));
            Assert.That(fromFile.Analysis.Candidates, Is.EqualTo(inProcess.Analysis.Candidates));
            Assert.That(fromFile.Analysis.Variables, Is.EquivalentTo(inProcess.Analysis.Variables));
            Assert.That(fromFile.Analysis.Properties, Is.EquivalentTo(inProcess.Analysis.Properties));
            Assert.That(fromFile.Analysis.ComposeProjects.Single().Overlays, Is.EqualTo(inProcess.Analysis.ComposeProjects.Single().Overlays));
            Assert.That(fromFile.Warnings.ToString(), Is.EqualTo(inProcess.Warnings.ToString()));
            Assert.That((fromFile.BaselineFile, fromFile.UnitsCacheFile), Is.EqualTo((inProcess.BaselineFile, inProcess.UnitsCacheFile)));
        });
    }

    [Test]
    public void OutcomeSurvivesTheFile()
    {
        var outcome = new ScanOutcome { FindingCount = 7 };
        outcome.Notes.Add(new ScanNote(ScanNote.High, "HardeningTasks: wrote 2 findings to x.json"));
        outcome.Notes.Add(new ScanNote(ScanNote.Error, "could not write 'a\tb'", "IOException\n   at X()"));
        var file = Path.Combine(dir, "outcome.tsv");
        outcome.Write(file);

        var read = ScanOutcome.Read(file);

        Assert.That(read.FindingCount, Is.EqualTo(7));
        Assert.That(read.Notes.Select(n => (n.Importance, n.Text, n.Detail)), Is.EqualTo(new[]
        {
            ("high", "HardeningTasks: wrote 2 findings to x.json", ""),
            ("error", "could not write 'a\tb'", "IOException\n   at X()"),
        }));
    }

    [Test]
    public void FilesOfAnotherVersionOrTruncatedAreRefused()
    {
        var file = Path.Combine(dir, "x.tsv");
        File.WriteAllText(file, "#HardeningTasks scan outcome v0\nfindings\t1\n");
        Assert.Throws<InvalidDataException>(() => ScanOutcome.Read(file));
        File.WriteAllText(file, ScanOutcome.Header + "\n");
        Assert.Throws<InvalidDataException>(() => ScanOutcome.Read(file), "no finding count: a cut-off file");
        File.WriteAllText(file, ScanInputs.Header + "\nproject-directory\t/x\nsomething-new\t1\n");
        Assert.Throws<InvalidDataException>(() => ScanInputs.Read(file));
    }

    [Test]
    public void WithoutANativeEngineForThisMachine_TheManagedEngineChecksAndSaysWhy()
    {
        File.WriteAllText(Path.Combine(dir, "docker-compose.yml"), "services:\n  web:\n    image: nginx:latest\n");
        var engine = new FakeBuildEngine();
        var scan = new HardeningScan
        {
            BuildEngine = engine,
            ProjectDirectory = dir,
            ComposeFiles = new[] { Item("docker-compose.yml") },
            NativeEngineDirectory = Path.Combine(dir, "no-such-folder"),
            FindingsFile = Path.Combine(dir, "obj", "f.tsv"),
            InputsFile = Path.Combine(dir, "obj", "i.txt"),
            AbsentInputsFile = Path.Combine(dir, "obj", "a.txt"),
        };

        Assert.That(scan.Execute(), Is.True);
        Assert.That(engine.Messages.Select(m => m.Message), Has.Some.EqualTo($"HardeningTasks: managed engine (the package has no native engine for {NativeEngine.HostRuntimeIdentifier()})"));
        Assert.That(FindingsCache.Read(scan.FindingsFile)!.Select(f => f.Code), Has.Some.EqualTo("HRD001"));
    }
}
