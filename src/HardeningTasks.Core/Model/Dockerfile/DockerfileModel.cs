using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace HardeningTasks.Core.Model.Dockerfile;

/// <summary>
/// A Dockerfile as BuildKit reads it: parser directives, instructions, stages, and the global <c>ARG</c>s that
/// <c>FROM</c> lines can use. Built by <c>Parsing.Dockerfile.DockerfileParser</c>.
/// </summary>
public sealed class DockerfileModel : StackFile
{
    internal DockerfileModel(string path, IReadOnlyList<ParserDirective> directives, char escapeToken, IReadOnlyList<DockerComment> comments,
        IReadOnlyList<DockerInstruction> instructions) : base(path)
    {
        Directives = directives;
        EscapeToken = escapeToken;
        Comments = comments;
        Instructions = instructions;
        BuildStages();
    }

    /// <summary><c># syntax=</c>, <c># escape=</c>, <c># check=</c>, in order (only at the very top of the file).</summary>
    public IReadOnlyList<ParserDirective> Directives { get; }

    /// <summary>The escape and line-continuation character: <c>\</c>, or <c>`</c> with <c># escape=`</c>.</summary>
    public char EscapeToken { get; }

    /// <summary>Every comment line (directives included), with its line: for suppression comments and tooling.</summary>
    public IReadOnlyList<DockerComment> Comments { get; }

    /// <summary>Every instruction in order, the global <c>ARG</c>s included. <c>ONBUILD</c> inner instructions are
    /// reached through <see cref="DockerInstruction.OnBuild"/>.</summary>
    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>The <c>ARG</c>s before the first <c>FROM</c>: the only variables a <c>FROM</c> line can use (besides the automatic platform ARGs).</summary>
    public IReadOnlyList<DockerArg> GlobalArgs { get; private set; } = Array.Empty<DockerArg>();

    public IReadOnlyList<DockerStage> Stages { get; private set; } = Array.Empty<DockerStage>();

    /// <summary>The last stage: what is built without <c>--target</c>; null for a file with no instructions.</summary>
    public DockerStage? LastStage => Stages.Count > 0 ? Stages[Stages.Count - 1] : null;

    public ParserDirective? Directive(string name) =>
        Directives.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The stage a <c>--from</c>, <c>--target</c> or <c>FROM</c> names: a stage name (case-insensitive) or a
    /// numeric index; null when it names no stage (then it is an image).</summary>
    public DockerStage? FindStage(string? nameOrIndex)
    {
        if (string.IsNullOrEmpty(nameOrIndex)) return null;
        if (int.TryParse(nameOrIndex, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return index >= 0 && index < Stages.Count ? Stages[index] : null;
        var lower = nameOrIndex!.ToLowerInvariant();
        return firstStageByName.TryGetValue(lower, out var stage) ? stage : null;
    }

    /// <summary>The value of a global ARG as <c>FROM</c> sees it: its default with earlier global ARGs substituted;
    /// null when it is not declared, has no default, or is an automatic platform ARG.</summary>
    public string? GlobalArgValue(string name) => GlobalArg(name)?.Value;

    /// <summary>The global ARG declaration of <paramref name="name"/> (the last one), or null.</summary>
    public DockerArg? GlobalArg(string name) => lastGlobalArg.TryGetValue(name, out var arg) ? arg : null;

    /// <summary>Substitutes global ARG defaults, as BuildKit does for a <c>FROM</c> line; <paramref name="at"/> is where the text is.</summary>
    public ExpandedText ExpandGlobal(string text, SourceSpan at = default) => DockerVariables.Expand(text, GlobalArgValue, EscapeToken, ExpansionBudget, at);

    /// <summary>What every substitution in this file (ARG and ENV values, FROM lines, the rules' expansions) may produce in
    /// all; past it, values count as unknown and the engine reports an HRD000 where the first was refused.</summary>
    public ExpansionBudget ExpansionBudget { get; } = new();

    /// <summary>True when a <c># check=skip=…</c> directive skips the named BuildKit check (or <c>all</c>).</summary>
    public bool SkipsBuildCheck(string checkName)
    {
        var check = Directive("check")?.Value;
        if (check == null) return false;
        foreach (var part in check.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq < 0 || !string.Equals(part.Substring(0, eq).Trim(), "skip", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var name in part.Substring(eq + 1).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
                if (string.Equals(name.Trim(), checkName, StringComparison.OrdinalIgnoreCase) || string.Equals(name.Trim(), "all", StringComparison.OrdinalIgnoreCase))
                    return true;
        }
        return false;
    }

    // Lookups by name, kept as the lists grow: a scan of the ARGs or stages so far for each variable or FROM made long
    // ARG chains (ARG A1=${A0}x …) and chained stages (FROM s1 AS s2 …) quadratic.

    /// <summary>Each global ARG's last declaration (the one <see cref="GlobalArgValue"/> reads).</summary>
    private readonly Dictionary<string, DockerArg> lastGlobalArg = new(StringComparer.Ordinal);

    /// <summary>Each stage name's first stage (the one <see cref="FindStage"/> finds).</summary>
    private readonly Dictionary<string, DockerStage> firstStageByName = new(StringComparer.Ordinal);

    private void BuildStages()
    {
        var globals = new List<DockerArg>();
        var stages = new List<DockerStage>();
        var lastStageByName = new Dictionary<string, DockerStage>(StringComparer.Ordinal);
        var current = new List<DockerInstruction>();
        var currentArgs = new List<DockerArg>();
        var lastCurrentArg = new Dictionary<string, DockerArg>(StringComparer.Ordinal);
        DockerStage? stage = null;

        void Close()
        {
            if (stage == null) return;
            stage.Instructions = current.ToList();
            stage.Args = currentArgs.ToList();
            current.Clear();
            currentArgs.Clear();
            lastCurrentArg.Clear();
        }

        foreach (var instruction in Instructions)
        {
            if (instruction.Is("FROM"))
            {
                Close();
                GlobalArgs = globals;
                var words = instruction.Words;
                var baseToken = words.Count > 0 ? words[0] : new DockerToken("", instruction.ArgumentsSpan);
                DockerToken? name = words.Count == 3 ? words[2] : null;
                stage = new DockerStage(this, stages.Count, instruction, baseToken, name);
                instruction.Stage = stage;
                stage.Base = ExpandGlobal(baseToken.Text, baseToken.Span);
                var baseName = stage.Base.IsFullyResolved ? stage.Base.Value : null;
                if (baseName != null)
                {
                    var lower = baseName.ToLowerInvariant();
                    stage.BaseStage = lastStageByName.TryGetValue(lower, out var earlier) ? earlier : null;
                    stage.IsScratch = stage.BaseStage == null && ImageReference.IsScratch(baseName);
                    if (stage.BaseStage == null && !stage.IsScratch) stage.BaseImage = ImageReference.TryParse(baseName);
                }
                stages.Add(stage);
                if (stage.Name != null)
                {
                    lastStageByName[stage.Name] = stage;
                    if (!firstStageByName.ContainsKey(stage.Name)) firstStageByName.Add(stage.Name, stage);
                }
                continue;
            }

            if (stage == null)
            {
                if (instruction.Is("ARG"))
                    foreach (var kv in instruction.KeyValues)
                    {
                        var value = kv.RawValue == null ? null : ExpandGlobal(kv.RawValue, kv.ValueSpan).DefinedValue;
                        var arg = new DockerArg(kv, instruction, value);
                        globals.Add(arg);
                        lastGlobalArg[arg.Name] = arg;
                    }
                continue;
            }

            instruction.Stage = stage;
            if (instruction.OnBuild != null) instruction.OnBuild.Stage = stage;
            current.Add(instruction);
            if (instruction.Is("ARG"))
            {
                foreach (var kv in instruction.KeyValues)
                {
                    var value = kv.RawValue == null
                        ? GlobalArgValue(kv.Name)
                        : DockerVariables.Expand(kv.RawValue, n => lastCurrentArg.TryGetValue(n, out var a) ? a.Value : null, EscapeToken, ExpansionBudget, kv.ValueSpan).DefinedValue;
                    var arg = new DockerArg(kv, instruction, value);
                    currentArgs.Add(arg);
                    lastCurrentArg[arg.Name] = arg;
                }
            }
        }
        Close();
        GlobalArgs = globals;
        Stages = stages;
    }

}

/// <summary>A parser directive: <c># syntax=docker/dockerfile:1</c>, <c># escape=`</c>, <c># check=skip=…</c>.</summary>
public sealed class ParserDirective
{
    internal ParserDirective(string name, string value, int line, SourceSpan span, SourceSpan valueSpan)
    {
        Name = name;
        Value = value;
        Line = line;
        Span = span;
        ValueSpan = valueSpan;
    }

    /// <summary>Lower-cased: <c>syntax</c>, <c>escape</c>, <c>check</c>.</summary>
    public string Name { get; }
    public string Value { get; }
    public int Line { get; }
    public SourceSpan Span { get; }
    public SourceSpan ValueSpan { get; }

    public override string ToString() => $"# {Name}={Value}";
}

/// <summary>A comment line (<c># …</c>); <see cref="InContinuation"/> when BuildKit dropped it from inside a continued instruction.</summary>
public sealed class DockerComment
{
    internal DockerComment(int line, int column, string text, bool inContinuation)
    {
        Line = line;
        Column = column;
        Text = text;
        InContinuation = inContinuation;
    }

    public int Line { get; }

    /// <summary>Column of the <c>#</c>.</summary>
    public int Column { get; }

    /// <summary>The text after <c>#</c>, trimmed.</summary>
    public string Text { get; }

    public bool InContinuation { get; }

    public override string ToString() => $"{Line}: # {Text}";
}
