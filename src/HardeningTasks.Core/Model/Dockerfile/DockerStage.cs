using System;
using System.Collections.Generic;
using System.Linq;

namespace HardeningTasks.Core.Model.Dockerfile;

/// <summary>
/// A build stage: <c>FROM [--platform=…] image [AS name]</c> and the instructions up to the next <c>FROM</c>.
/// The base is resolved as BuildKit resolves it: global <c>ARG</c> defaults substituted, then matched against the
/// names of earlier stages (case-insensitive), then <c>scratch</c>, else an image reference.
/// </summary>
public sealed class DockerStage
{
    internal DockerStage(DockerfileModel file, int index, DockerInstruction from, DockerToken baseToken, DockerToken? nameToken)
    {
        File = file;
        Index = index;
        From = from;
        BaseToken = baseToken;
        NameToken = nameToken;
        Name = nameToken?.Text.ToLowerInvariant();
        scopes = new Lazy<VariableScopes>(() => new VariableScopes(this));
    }

    public DockerfileModel File { get; }

    /// <summary>0-based, as <c>COPY --from=0</c> counts.</summary>
    public int Index { get; }

    /// <summary>The stage name lower-cased (BuildKit compares names case-insensitively), or null.</summary>
    public string? Name { get; }

    /// <summary>The name as written after <c>AS</c>, and where.</summary>
    public DockerToken? NameToken { get; }

    public DockerInstruction From { get; }

    /// <summary>The base as written (<c>node:${NODE_VERSION}</c>) and where.</summary>
    public DockerToken BaseToken { get; }

    /// <summary>The base after substitution of the global ARG defaults.</summary>
    public ExpandedText Base { get; internal set; } = null!;

    /// <summary>The earlier stage this one builds on (<c>FROM builder</c>), or null.</summary>
    public DockerStage? BaseStage { get; internal set; }

    /// <summary><c>FROM scratch</c>.</summary>
    public bool IsScratch { get; internal set; }

    /// <summary>The image pulled for this stage: null for a stage base, <c>scratch</c>, a base that cannot be resolved
    /// or an invalid reference.</summary>
    public ImageReference? BaseImage { get; internal set; }

    public DockerFlag? Platform => From.Flag("platform");

    /// <summary>The instructions after <c>FROM</c>, up to the next <c>FROM</c>.</summary>
    public IReadOnlyList<DockerInstruction> Instructions { get; internal set; } = Array.Empty<DockerInstruction>();

    /// <summary>The <c>ARG</c>s declared in this stage.</summary>
    public IReadOnlyList<DockerArg> Args { get; internal set; } = Array.Empty<DockerArg>();

    /// <summary>True for the last stage of the file: what <c>docker build</c> produces without <c>--target</c>.</summary>
    public bool IsLast => Index == File.Stages.Count - 1;

    /// <summary>How messages name the stage: <c>stage 'builder'</c>, or <c>stage 0</c> when it has no name.</summary>
    public string DisplayName => Name != null ? $"stage '{NameToken!.Value.Text}'" : $"stage {Index}";

    /// <summary>How messages name the stage when it is the image that is shipped: <c>final stage 'runtime'</c> or <c>final stage</c>.</summary>
    public string FinalDisplayName => Name != null ? $"final stage '{NameToken!.Value.Text}'" : "final stage";

    /// <summary>How a message names the stage in a sentence: <c>the final stage</c>, <c>the final stage 'runtime'</c> for
    /// the last stage, else <see cref="DisplayName"/>.</summary>
    public string Description => IsLast ? "the " + FinalDisplayName : DisplayName;

    public IEnumerable<DockerInstruction> InstructionsOf(string keyword) => Instructions.Where(i => i.Is(keyword));

    /// <summary>The last instruction with this keyword in this stage or, when there is none, in the stage it is built
    /// <c>FROM</c> (and so on up the chain): what the image inherits.</summary>
    public DockerInstruction? Effective(string keyword)
    {
        var seen = new HashSet<DockerStage>();
        for (var stage = this; stage != null && seen.Add(stage); stage = stage.BaseStage)
        {
            var found = stage.Instructions.LastOrDefault(i => i.Is(keyword));
            if (found != null) return found;
        }
        return null;
    }

    /// <summary>
    /// Substitutes variables in <paramref name="text"/> as BuildKit would at <paramref name="at"/> (the end of the stage
    /// when null): the stage's <c>ARG</c>s (a re-declared global ARG takes the global default) and <c>ENV</c>s written
    /// before that point.
    /// </summary>
    public ExpandedText Expand(string text, DockerInstruction? at = null)
    {
        var scopes = this.scopes.Value;
        var limit = scopes.StartOf(at);
        return DockerVariables.Expand(text, n => scopes.Lookup(n, limit), File.EscapeToken, File.ExpansionBudget, (at ?? From).ArgumentsSpan);
    }

    /// <summary>The stage's ARG and ENV values, computed once. Rules expand at many instructions (each <c>pip install</c>,
    /// each <c>COPY --from=$X</c>); replaying every ARG and ENV before the instruction each time made a stage of thousands
    /// of them quadratic, or cubic when each ENV refers to the one before.</summary>
    private readonly Lazy<VariableScopes> scopes;

    private sealed class VariableScopes
    {
        /// <summary>Every assignment, numbered in order (one per name in an ARG or ENV); per name, (number, value) ascending.</summary>
        private readonly Dictionary<string, List<KeyValuePair<int, string?>>> assignments = new(StringComparer.Ordinal);

        /// <summary>The number of the first assignment at or after each instruction (its first occurrence).</summary>
        private readonly Dictionary<DockerInstruction, int> startOf = new(ByReference.Instance);

        private readonly int end;

        public VariableScopes(DockerStage stage)
        {
            var next = 0;
            foreach (var instruction in stage.Instructions)
            {
                if (!startOf.ContainsKey(instruction)) startOf.Add(instruction, next);
                var isArg = instruction.Is("ARG");
                if (!isArg && !instruction.Is("ENV")) continue;
                foreach (var kv in instruction.KeyValues)
                {
                    var before = next;
                    // A re-declared global ARG without a default takes the global default; an ENV without a value is "".
                    var value = isArg && kv.RawValue == null
                        ? stage.File.GlobalArgValue(kv.Name)
                        : DockerVariables.Expand(kv.RawValue ?? "", n => Lookup(n, before), stage.File.EscapeToken, stage.File.ExpansionBudget, kv.ValueSpan).DefinedValue;
                    if (!assignments.TryGetValue(kv.Name, out var list)) assignments[kv.Name] = list = new List<KeyValuePair<int, string?>>();
                    list.Add(new KeyValuePair<int, string?>(next++, value));
                }
            }
            end = next;
        }

        /// <summary>Where the scope seen at <paramref name="at"/> ends: everything assigned before its first occurrence,
        /// or the whole stage when it is null or not in the stage.</summary>
        public int StartOf(DockerInstruction? at) => at != null && startOf.TryGetValue(at, out var start) ? start : end;

        /// <summary>The value of the last assignment of <paramref name="name"/> numbered below <paramref name="limit"/>; null when none (or unset).</summary>
        public string? Lookup(string name, int limit)
        {
            if (!assignments.TryGetValue(name, out var list)) return null;
            int low = 0, high = list.Count - 1, found = -1;
            while (low <= high)
            {
                var mid = low + (high - low) / 2;
                if (list[mid].Key < limit)
                {
                    found = mid;
                    low = mid + 1;
                }
                else high = mid - 1;
            }
            return found < 0 ? null : list[found].Value;
        }
    }

    private sealed class ByReference : IEqualityComparer<DockerInstruction>
    {
        public static readonly ByReference Instance = new();
        public bool Equals(DockerInstruction? x, DockerInstruction? y) => ReferenceEquals(x, y);
        public int GetHashCode(DockerInstruction obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }

    public override string ToString() => DisplayName;
}

/// <summary>An <c>ARG</c> declaration (one instruction may declare several).</summary>
public sealed class DockerArg
{
    internal DockerArg(DockerKeyValue declaration, DockerInstruction instruction, string? value)
    {
        Declaration = declaration;
        Instruction = instruction;
        Value = value;
    }

    public DockerKeyValue Declaration { get; }
    public DockerInstruction Instruction { get; }
    public string Name => Declaration.Name;

    /// <summary>The default as written, or null for <c>ARG NAME</c>.</summary>
    public string? RawDefault => Declaration.RawValue;

    public bool HasDefault => Declaration.RawValue != null;

    /// <summary>The value without <c>--build-arg</c>: the default with quotes removed and earlier ARGs substituted
    /// (for a stage ARG without default, the global default it inherits); null when there is none.</summary>
    public string? Value { get; }

    public override string ToString() => Declaration.ToString();
}
