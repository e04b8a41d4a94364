package org.metamerbench.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.metamerbench.api.Tensor;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.FloatIdx;
import org.metamerbench.results.OwnedOutput;
import org.metamerbench.zoo.ZooProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes a built-in model's parameters as float32 IDX files, to rebuild it in another engine. */
@Command(name = "export-weights", mixinStandardHelpOptions = true,
        description = "Writes a zoo model's parameters, in the network's order, as float32 IDX files with an index "
                + "(weights.txt: file, DJL parameter name, shape), e.g. to package the same model as TorchScript "
                + "with model-plugins/packages/fixtures/make_fixtures.py --cnn-from-weights.")
public final class ExportWeightsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "A zoo model id")
    String model;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "DIR", description = "Folder to write: created, "
            + "or replaced if this command wrote it and nothing was added")
    Path out;

    @picocli.CommandLine.Mixin
    ForceOption force = new ForceOption();

    @Override
    public Integer call() throws Exception {
        ZooProvider zoo = new ZooProvider();
        if (zoo.models().stream().noneMatch(c -> c.id().equals(model))) {
            System.err.println("no zoo model '" + model + "'");
            return 2;
        }
        StringBuilder index = new StringBuilder();
        OwnedOutput.replaceFolder(out, "export-weights", force.force, dir -> {
            int k = 0;
            for (Map.Entry<String, Tensor> e : zoo.parameters(model).entrySet()) {
                String file = String.format("%02d.idx", k++);
                Tensor t = e.getValue();
                new FloatIdx(t.shape(), t.toFloatArray()).write(dir, dir.resolve(file));
                index.append(file).append(' ').append(e.getKey()).append(' ').append(Arrays.toString(t.shape()))
                        .append('\n');
            }
            AtomicFiles.write(dir, dir.resolve("weights.txt"), index.toString().getBytes(StandardCharsets.UTF_8));
        });
        System.out.print(index);
        return 0;
    }
}
