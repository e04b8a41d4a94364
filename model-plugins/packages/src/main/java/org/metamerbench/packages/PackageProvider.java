package org.metamerbench.packages;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.ModelProvider;

/** The provider of one no-code model package (zip or jar with {@code metamer-model.json}). */
public final class PackageProvider implements ModelProvider {
    private final ModelPackage pkg;

    public PackageProvider(Path file) throws IOException {
        this.pkg = ModelPackage.read(file);
    }

    @Override
    public String name() {
        return "package:" + pkg.file().getFileName();
    }

    @Override
    public List<ModelCard> models() {
        return List.of(pkg.card());
    }

    @Override
    public Model open(String id) {
        if (!id.equals(pkg.id())) {
            throw new ModelException(pkg.file() + " has no model '" + id + "'");
        }
        if (pkg.graph()) {
            throw new ModelException(pkg.id() + " is a graph model: open it with openGraph");
        }
        return pkg.differentiable() ? new TorchScriptModel(pkg) : new OnnxModel(pkg);
    }

    @Override
    public org.metamerbench.api.GraphModel openGraph(String id) {
        if (!id.equals(pkg.id())) {
            throw new ModelException(pkg.file() + " has no model '" + id + "'");
        }
        if (!pkg.graph()) {
            throw new ModelException(pkg.id() + " is not a graph model: open it with open");
        }
        return new TorchScriptGraphModel(pkg);
    }
}
