using System;
using System.Collections.Generic;
using System.Linq;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Rules.BuildContext;
using HardeningTasks.Core.Rules.Container;
using HardeningTasks.Core.Rules.Dockerfile;
using HardeningTasks.Core.Rules.Network;
using HardeningTasks.Core.Rules.Operations;
using HardeningTasks.Core.Rules.Reliability;
using HardeningTasks.Core.Rules.Secrets;
using HardeningTasks.Core.Rules.SupplyChain;
using HardeningTasks.Core.Rules.Transport;

namespace HardeningTasks.Core.Rules;

/// <summary>Every rule, and every descriptor (rules plus the tool's own diagnostics), in ID order.</summary>
/// <remarks>
/// Rules are listed here, not found by reflection: the Native AOT build of the CLI (and the native engine the package
/// ships) is trimmed, and a trimmer cannot see a type that only <c>GetTypes()</c> + <c>Activator</c> would create, so a
/// reflected catalog ran no rule at all there. A test (<c>RuleCatalogTests.EveryRuleIsRegistered</c>) fails, naming the
/// class, when a <see cref="Rule"/> subclass is missing from this list, so adding a rule is adding its file and its line here.
/// </remarks>
public static class RuleCatalog
{
    private static readonly Rule[] Registered =
    {
        new UnpinnedImageRule(),
        new ImageWithoutDigestRule(),
        new FloatingTagRule(),
        new UntrustedRegistryRule(),
        new UnresolvedImageTagRule(),
        new MissingCertificateSourceRule(),
        new UnknownCertificateResolverRule(),
        new PlainHttpEntryPointRule(),
        new InsecureApiRule(),
        new PlaintextConnectionStringRule(),
        new IgnoredTraefikConfigurationRule(),
        new TraefikVersion1Rule(),
        new InsecureTraefikTrustRule(),
        new TraefikExposedByDefaultRule(),
        new WeakTraefikTlsRule(),
        new PrivilegedContainerRule(),
        new DockerSocketMountRule(),
        new MissingNoNewPrivilegesRule(),
        new MissingCapDropRule(),
        new DangerousCapabilityRule(),
        new WritableRootFilesystemRule(),
        new HostNamespaceRule(),
        new UnconfinedSecurityProfileRule(),
        new SensitiveHostPathRule(),
        new RootUserRule(),
        new HardcodedSecretRule(),
        new PlainSecretVariableRule(),
        new BothSecretAndFileRule(),
        new SecretInDockerfileRule(),
        new SecretFileInProjectRule(),
        new PublicDataPortRule(),
        new PublicPortRule(),
        new FlatNetworkRule(),
        new DataServiceOnExposedNetworkRule(),
        new DataNetworkNotInternalRule(),
        new PublishedDockerApiRule(),
        new MissingHealthcheckRule(),
        new DependencyNotHealthyRule(),
        new MissingRestartPolicyRule(),
        new MissingMemoryLimitRule(),
        new MissingCpuLimitRule(),
        new UnboundedLogsRule(),
        new MigrationInStartupCommandRule(),
        new RootFinalStageRule(),
        new MissingHealthcheckInstructionRule(),
        new AddInsteadOfCopyRule(),
        new PackageManagerHygieneRule(),
        new PipeToShellRule(),
        new MissingInitProcessRule(),
        new ShellFormEntrypointRule(),
        new SudoInRunRule(),
        new RepeatedInstructionRule(),
        new DisabledDownloadVerificationRule(),
        new MissingDockerignoreRule(),
        new IncompleteDockerignoreRule(),
        new MissingBackupRule(),
        new MissingAlertmanagerRule(),
        new MissingRateLimitRule(),
    };

    public static IReadOnlyList<Rule> Rules { get; } = Registered.OrderBy(r => r.Descriptor.Id, StringComparer.Ordinal).ToArray();

    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } =
        Rules.Select(r => r.Descriptor).Concat(ToolDiagnostics.All).OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();

    private static readonly Dictionary<string, RuleDescriptor> ById = Descriptors.ToDictionary(d => d.Id, StringComparer.OrdinalIgnoreCase);

    public static RuleDescriptor? Find(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : null;

    private static readonly Lazy<RuleNames> LazyNames = new(() => new RuleNames(Descriptors));

    /// <summary>The rule IDs and categories, to tell a misspelled one in a configuration.</summary>
    public static RuleNames Names => LazyNames.Value;
}
