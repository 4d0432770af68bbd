using HardeningTasks.Core.Model;

namespace HardeningTasks.Core.Tests.Parsing;

public class ImageReferenceTests
{
    [TestCase("nginx", "docker.io", "library/nginx", null, null, "nginx")]
    [TestCase("nginx:1.27.3-alpine", "docker.io", "library/nginx", "1.27.3-alpine", null, "nginx")]
    [TestCase("bitnami/redis:7.2", "docker.io", "bitnami/redis", "7.2", null, "bitnami/redis")]
    [TestCase("docker.io/library/postgres:16", "docker.io", "library/postgres", "16", null, "postgres")]
    [TestCase("index.docker.io/traefik:v3.1", "docker.io", "library/traefik", "v3.1", null, "traefik")]
    [TestCase("ghcr.io/acme/app:v1", "ghcr.io", "acme/app", "v1", null, "ghcr.io/acme/app")]
    [TestCase("localhost/app", "localhost", "app", null, null, "localhost/app")]
    [TestCase("localhost:5000/team/app:dev", "localhost:5000", "team/app", "dev", null, "localhost:5000/team/app")]
    [TestCase("registry:5000/app", "registry:5000", "app", null, null, "registry:5000/app")]
    [TestCase("Registry/app", "Registry", "app", null, null, "Registry/app")]
    [TestCase("us-west1-docker.pkg.dev/p/r/base:latest", "us-west1-docker.pkg.dev", "p/r/base", "latest", null, "us-west1-docker.pkg.dev/p/r/base")]
    [TestCase("[::1]:5000/app:1", "[::1]:5000", "app", "1", null, "[::1]:5000/app")]
    [TestCase("a__b/c-d.e_f:1", "docker.io", "a__b/c-d.e_f", "1", null, "a__b/c-d.e_f")]
    public void Parses(string text, string registry, string repository, string? tag, string? digest, string familiar)
    {
        var reference = ImageReference.TryParse(text, out var error);
        Assert.That(error, Is.Null);
        Assert.That(reference!.Registry, Is.EqualTo(registry));
        Assert.That(reference.Repository, Is.EqualTo(repository));
        Assert.That(reference.Tag, Is.EqualTo(tag));
        Assert.That(reference.Digest, Is.EqualTo(digest));
        Assert.That(reference.FamiliarName, Is.EqualTo(familiar));
    }

    [Test]
    public void Digest_WithAndWithoutTag()
    {
        const string hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        var pinned = ImageReference.TryParse("nginx:1.27@sha256:" + hex)!;
        Assert.That((pinned.Tag, pinned.Digest, pinned.EffectiveTag), Is.EqualTo(("1.27", "sha256:" + hex, "1.27")));
        var digestOnly = ImageReference.TryParse("ghcr.io/a/b@sha256:" + hex)!;
        Assert.That((digestOnly.Tag, digestOnly.HasDigest, digestOnly.EffectiveTag), Is.EqualTo(((string?)null, true, (string?)null)));
        Assert.That(ImageReference.TryParse("nginx")!.EffectiveTag, Is.EqualTo("latest"));
    }

    [TestCase("")]
    [TestCase("Nginx")]
    [TestCase("nginx:")]
    [TestCase("nginx:-bad")]
    [TestCase("nginx@sha256:abc")]
    [TestCase("ghcr.io/Acme/app")]
    [TestCase("a//b")]
    [TestCase("app:${TAG}")]
    [TestCase(" nginx")]
    [TestCase("-bad.io/app")]
    public void Rejects(string text)
    {
        Assert.That(ImageReference.TryParse(text, out var error), Is.Null);
        Assert.That(error, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void Scratch()
    {
        Assert.That(ImageReference.IsScratch("scratch"), Is.True);
        Assert.That(ImageReference.IsScratch("scratchy"), Is.False);
    }
}
