using System;
using System.Linq;
using HardeningTasks.Core.Model.Yaml;

namespace HardeningTasks.Core.Model.Compose;

/// <summary>
/// Which compose projects are Swarm stacks (RULES.md "Swarm stacks are stacks"): a service with a Swarm-only <c>deploy:</c>
/// setting (<c>mode</c>, <c>replicas</c>, <c>placement</c>, <c>update_config</c>), or a main file named as a stack
/// (<c>stack.yml</c>, <c>docker-stack.yml</c>, <c>traefik_stack.yaml</c>; a word of the name is <c>stack</c>, so <c>bookstack.yaml</c> is not).
/// Swarm's semantics differ where rules care: the restart policy defaults to <c>any</c>, every published port goes
/// through the ingress mesh on every node (a host IP is ignored), and <c>external</c> configs and secrets live outside the repository.
/// </summary>
public static class SwarmStacks
{
    private static readonly string[] SwarmDeployKeys = { "mode", "replicas", "placement", "update_config" };

    public static bool Is(ComposeProject project) =>
        NamedAsStack(project.Path) || project.Services.Any(s => s["deploy"] is YMapping deploy && SwarmDeployKeys.Any(deploy.ContainsKey));

    private static bool NamedAsStack(string path)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
        return name.Split(new[] { '-', '_', '.' }, StringSplitOptions.RemoveEmptyEntries).Any(w => w is "stack" or "swarm");
    }
}
