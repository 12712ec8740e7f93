package org.zeroth.kernel.magic;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %maven group:artifact:version ...}: resolves artifacts and their runtime dependencies from Maven Central
 * (through the local repository, {@code ~/.m2/repository} unless {@code -Dmaven.repo.local} says otherwise) and
 * adds the jars to the session. {@code --repo URL} adds a repository.
 */
public final class MavenMagic implements LineMagic<Object, BaseKernel> {
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private final MagicHost host;
    private RepositorySystem system;

    public MavenMagic(MagicHost host) {
        this.host = host;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args) throws Exception {
        List<String> coordinates = new ArrayList<>();
        List<RemoteRepository> repositories = new ArrayList<>();
        repositories.add(new RemoteRepository.Builder("central", "default", CENTRAL).build());
        for (int i = 0; i < args.size(); i++) {
            if ("--repo".equals(args.get(i)) && i + 1 < args.size()) {
                String url = args.get(++i);
                repositories.add(new RemoteRepository.Builder("repo" + repositories.size(), "default", url).build());
            } else {
                coordinates.add(args.get(i));
            }
        }
        if (coordinates.isEmpty()) {
            throw new MagicUsageException("usage: %maven GROUP:ARTIFACT:VERSION... [--repo URL]");
        }
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(localRepository().toFile())));
        int added = 0;
        for (String coordinate : coordinates) {
            DefaultArtifact artifact;
            try {
                artifact = new DefaultArtifact(coordinate);
            } catch (IllegalArgumentException e) {
                throw new MagicUsageException("not Maven coordinates: " + coordinate + " (expected group:artifact:version)");
            }
            CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), repositories);
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            List<ArtifactResult> results;
            try {
                results = system.resolveDependencies(session, request).getArtifactResults();
            } catch (DependencyResolutionException e) {
                throw new MagicUsageException("cannot resolve " + coordinate + ": " + rootMessage(e));
            }
            for (ArtifactResult r : results) {
                if (r.getArtifact() == null || r.getArtifact().getFile() == null) {
                    continue;
                }
                Path jar = r.getArtifact().getFile().toPath();
                KernelJars.shadowing(jar).ifPresent(own -> System.out.println(KernelJars.note(jar, own)));
                if (host.addToClasspath(jar)) {
                    added++;
                }
            }
            System.out.println("Resolved " + coordinate + " (" + results.size() + " jars with its dependencies)");
        }
        System.out.println("Added " + added + " jars to the class path");
        return null;
    }

    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
