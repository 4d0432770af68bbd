using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace HardeningTasks;

/// <summary>
/// Everything one scan of the build is given, as the targets wrote it (item specs and property text, unparsed): the
/// files and candidates, compose projects, variables, rule options, the preset, the warning knobs, the baseline, the
/// SARIF, findings, inputs and units paths. Plain strings, so the task can hand them to the native engine as a file
/// (<see cref="Write"/>, <see cref="Read"/>) without loading HardeningTasks.Core; <see cref="ScanJob"/> turns them into
/// the engine's request in whichever process runs it. Compiled into HardeningTasks.dll and into the CLI.
/// </summary>
internal sealed class ScanInputs
{
    public const string Header = "#HardeningTasks scan request v1";

    public string ProjectDirectory { get; set; } = "";
    public List<string> ComposeFiles { get; set; } = new();
    public List<string> Dockerfiles { get; set; } = new();
    public List<string> TraefikConfigs { get; set; } = new();
    public List<string> YamlFiles { get; set; } = new();

    /// <summary>Each compose project's main file and its <c>Overlays</c> metadata as written (a ;-list).</summary>
    public List<KeyValuePair<string, string>> ComposeProjects { get; set; } = new();

    /// <summary>Rule options: property name and value, in item order (the last of a name wins).</summary>
    public List<KeyValuePair<string, string>> Options { get; set; } = new();

    public string Variables { get; set; } = "";
    public string MaxFileSize { get; set; } = "";
    public string AnalysisMode { get; set; } = "";
    public string NoWarn { get; set; } = "";
    public string WarningsAsErrors { get; set; } = "";
    public string WarningsNotAsErrors { get; set; } = "";
    public bool TreatWarningsAsErrors { get; set; }
    public string SarifFile { get; set; } = "";
    public string SarifRootDirectory { get; set; } = "";
    public string BaselineFile { get; set; } = "";
    public bool UpdateBaseline { get; set; }
    public string UnitsFile { get; set; } = "";
    public string FindingsFile { get; set; } = "";
    public string InputsFile { get; set; } = "";
    public string AbsentInputsFile { get; set; } = "";

    /// <summary>One record per line: a key, then its tab-separated, escaped values (a list repeats its key).</summary>
    public string Serialize()
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        void Add(string key, params string[] values)
        {
            text.Append(key);
            foreach (var value in values) text.Append('\t').Append(TabSeparatedText.Escape(value));
            text.Append('\n');
        }
        Add("project-directory", ProjectDirectory);
        foreach (var f in ComposeFiles) Add("compose", f);
        foreach (var f in Dockerfiles) Add("dockerfile", f);
        foreach (var f in TraefikConfigs) Add("traefik", f);
        foreach (var f in YamlFiles) Add("yaml", f);
        foreach (var p in ComposeProjects) Add("compose-project", p.Key, p.Value);
        foreach (var o in Options) Add("option", o.Key, o.Value);
        Add("variables", Variables);
        Add("max-file-size", MaxFileSize);
        Add("analysis-mode", AnalysisMode);
        Add("nowarn", NoWarn);
        Add("warnaserror", WarningsAsErrors);
        Add("notaserror", WarningsNotAsErrors);
        Add("treat-warnings-as-errors", Flag(TreatWarningsAsErrors));
        Add("sarif-file", SarifFile);
        Add("sarif-root", SarifRootDirectory);
        Add("baseline-file", BaselineFile);
        Add("update-baseline", Flag(UpdateBaseline));
        Add("units-file", UnitsFile);
        Add("findings-file", FindingsFile);
        Add("inputs-file", InputsFile);
        Add("absent-inputs-file", AbsentInputsFile);
        return text.ToString();
    }

    public void Write(string path) => File.WriteAllText(path, Serialize(), new UTF8Encoding(false));

    /// <summary>Reads a request; throws <see cref="InvalidDataException"/> on anything this version did not write.</summary>
    public static ScanInputs Read(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0 || lines[0] != Header)
            throw new InvalidDataException($"'{path}' is not a scan request of this version of HardeningTasks.");
        var inputs = new ScanInputs();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split('\t').Select(TabSeparatedText.Unescape).ToArray();
            string One() => fields.Length == 2 ? fields[1] : throw Bad(path, i);
            KeyValuePair<string, string> Two() => fields.Length == 3 ? new KeyValuePair<string, string>(fields[1], fields[2]) : throw Bad(path, i);
            switch (fields[0])
            {
                case "project-directory": inputs.ProjectDirectory = One(); break;
                case "compose": inputs.ComposeFiles.Add(One()); break;
                case "dockerfile": inputs.Dockerfiles.Add(One()); break;
                case "traefik": inputs.TraefikConfigs.Add(One()); break;
                case "yaml": inputs.YamlFiles.Add(One()); break;
                case "compose-project": inputs.ComposeProjects.Add(Two()); break;
                case "option": inputs.Options.Add(Two()); break;
                case "variables": inputs.Variables = One(); break;
                case "max-file-size": inputs.MaxFileSize = One(); break;
                case "analysis-mode": inputs.AnalysisMode = One(); break;
                case "nowarn": inputs.NoWarn = One(); break;
                case "warnaserror": inputs.WarningsAsErrors = One(); break;
                case "notaserror": inputs.WarningsNotAsErrors = One(); break;
                case "treat-warnings-as-errors": inputs.TreatWarningsAsErrors = One() == Flag(true); break;
                case "sarif-file": inputs.SarifFile = One(); break;
                case "sarif-root": inputs.SarifRootDirectory = One(); break;
                case "baseline-file": inputs.BaselineFile = One(); break;
                case "update-baseline": inputs.UpdateBaseline = One() == Flag(true); break;
                case "units-file": inputs.UnitsFile = One(); break;
                case "findings-file": inputs.FindingsFile = One(); break;
                case "inputs-file": inputs.InputsFile = One(); break;
                case "absent-inputs-file": inputs.AbsentInputsFile = One(); break;
                default: throw Bad(path, i);
            }
        }
        return inputs;
    }

    private static string Flag(bool value) => value ? "true" : "false";

    private static InvalidDataException Bad(string path, int index) =>
        new($"'{path}' line {(index + 1).ToString(CultureInfo.InvariantCulture)} is not a scan request entry.");
}
