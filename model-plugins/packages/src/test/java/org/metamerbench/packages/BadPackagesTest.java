package org.metamerbench.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metamerbench.api.ModelException;

/**
 * Packages from strangers: each bad package is refused with a message that names the package, the
 * field or entry and the rule, and leaves nothing behind in the temporary folder.
 */
class BadPackagesTest {
    static final String GOOD_JSON = descriptor("tiny-cnn-torchscript.zip");
    static final byte[] MODEL = entry("tiny-cnn-torchscript.zip", "model.pt");

    @TempDir
    Path tmp;

    static String descriptor(String fixture) {
        return new String(entry(fixture, ModelPackage.DESCRIPTOR), StandardCharsets.UTF_8);
    }

    static byte[] entry(String fixture, String name) {
        try (ZipFile z = new ZipFile(PackagesTest.fixture(fixture).toFile())) {
            return z.getInputStream(z.getEntry(name)).readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    Path withDescriptor(String json) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(ModelPackage.DESCRIPTOR, json.getBytes(StandardCharsets.UTF_8));
        entries.put("model.pt", MODEL);
        return zip(tmp.resolve("bad.zip"), entries);
    }

    /** One bad descriptor: what is changed in the good one, and the message it must get. */
    static Stream<Arguments> badDescriptors() {
        return Stream.of(
                bad("format_version 2", s -> s.replace("\"format_version\": 1", "\"format_version\": 2"),
                        "field 'format_version' is '2'; this harness reads format_version [1]"),
                bad("format_version as text", s -> s.replace("\"format_version\": 1", "\"format_version\": \"1\""),
                        "field 'format_version' is '\"1\"'"),
                bad("format_version 1.0", s -> s.replace("\"format_version\": 1", "\"format_version\": 1.0"),
                        "field 'format_version' is '1.0'"),
                bad("no format_version", s -> s.replace("\"format_version\": 1,", ""),
                        "field 'format_version' is missing"),
                bad("fractional input shape", s -> s.replaceFirst("28,", "28.5,"),
                        "field 'input.shape[1]' must be a positive integer, found 28.5"),
                bad("shape as text", s -> s.replaceFirst("\\[\\s*1,", "[\"1\","),
                        "field 'input.shape[0]' must be a positive integer, found \"1\""),
                bad("zero in a stage shape", s -> s.replace("\"shape\": [\n        64", "\"shape\": [\n        0"),
                        "field 'stages[2].shape[0]' must be a positive integer, found 0"),
                bad("huge stage shape", s -> s.replace("\"shape\": [\n        64", "\"shape\": [\n        100000, 100000"),
                        "field 'stages[2].shape' has more than the limit of 67108864 elements"),
                bad("duplicate class", s -> s.replace("\"Trouser\"", "\"T-shirt/top\""),
                        "field 'classes[1]' repeats class 'T-shirt/top'"),
                bad("class not text", s -> s.replace("\"Trouser\"", "7"),
                        "field 'classes[1]' must be a class name (text)"),
                bad("duplicate stage", s -> s.replace("\"name\": \"fc1_relu\"", "\"name\": \"conv1_relu\""),
                        "field 'stages[2].name' repeats stage 'conv1_relu'"),
                bad("stage name with a path", s -> s.replace("\"name\": \"fc1_relu\"", "\"name\": \"../fc1\""),
                        "field 'stages[2].name' ('../fc1') is not a safe name"),
                bad("fractional output index", s -> s.replace("\"output\": 1,", "\"output\": 1.5,"),
                        "field 'stages[2].output' must be an output's index (an integer >= 0) or its name, found 1.5"),
                bad("unknown top-level field", s -> s.replace("\"format\":", "\"fromat\": \"onnx\", \"format\":"),
                        "field 'fromat' is not part of format_version 1"),
                bad("unknown stage field", s -> s.replace("\"output\": 1,", "\"output\": 1, \"rleu\": true,"),
                        "field 'stages[2].rleu' is not part of format_version 1"),
                bad("repeated key", s -> s.replace("\"format\":", "\"format\": \"onnx\", \"format\":"),
                        "not valid JSON (line 5, column 29): Duplicate field 'format'"),
                bad("range reversed", s -> s.replaceFirst("0\\.0,\\s*1\\.0", "1.0, 0.0"),
                        "field 'input.range' must be two finite numbers, low < high; found [1.0,0.0]"),
                bad("range of three", s -> s.replaceFirst("0\\.0,\\s*1\\.0", "0.0, 0.5, 1.0"),
                        "field 'input.range' must be [low, high], two numbers"),
                bad("normalize for 3 channels of a grey input", s -> s.replaceFirst("(\"range\": \\[\\s*0\\.0,\\s*1\\.0\\s*\\])",
                        "$1, \"normalize\": {\"mean\": [0.5, 0.5, 0.5], \"std\": [0.2, 0.2, 0.2]}"),
                        "field 'input.normalize.mean' must list 1 number(s), one per input channel"),
                bad("normalize std zero", s -> s.replaceFirst("(\"range\": \\[\\s*0\\.0,\\s*1\\.0\\s*\\])",
                        "$1, \"normalize\": {\"mean\": [0.5], \"std\": [0]}"),
                        "field 'input.normalize.std[0]' must be positive, found 0.0"),
                bad("normalize without std", s -> s.replaceFirst("(\"range\": \\[\\s*0\\.0,\\s*1\\.0\\s*\\])",
                        "$1, \"normalize\": {\"mean\": [0.5]}"),
                        "field 'input.normalize' must be {\"mean\": [...], \"std\": [...]}"),
                bad("model file outside the package", s -> s.replace("\"file\": \"model.pt\"", "\"file\": \"../model.pt\""),
                        "field 'file' ('../model.pt') is not a safe name"),
                bad("model file is the descriptor", s -> s.replace("\"file\": \"model.pt\"",
                        "\"file\": \"metamer-model.json\""), "field 'file' names the descriptor itself"),
                bad("id with a separator", s -> s.replace("\"id\": \"tiny-cnn-torchscript\"", "\"id\": \"a/b\""),
                        "field 'id' ('a/b') is not a safe name"),
                bad("version not text", s -> s.replace("\"version\": \"fixture-1\"", "\"version\": 3"),
                        "field 'version' must be text"),
                bad("descriptor not an object", s -> "[1, 2]", "metamer-model.json: must be a JSON object"),
                bad("descriptor truncated", s -> s.substring(0, s.length() / 2), "not valid JSON (line"));
    }

    static Arguments bad(String name, UnaryOperator<String> change, String message) {
        return Arguments.of(name, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDescriptors")
    void aBadDescriptorIsRefusedNamingTheField(String name, UnaryOperator<String> change, String message)
            throws IOException {
        String json = change.apply(GOOD_JSON);
        assertFalse(json.equals(GOOD_JSON), name + ": the change must change the descriptor");
        Path file = withDescriptor(json);
        IOException e = assertThrows(IOException.class, () -> ModelPackage.read(file), name);
        assertTrue(e.getMessage().startsWith(file + "!metamer-model.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), name + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    @Test
    void theGoodDescriptorIsRead() throws IOException {
        ModelPackage p = ModelPackage.read(withDescriptor(GOOD_JSON));
        assertEquals("tiny-cnn-torchscript", p.id());
        assertEquals("1", p.stages().get(2).output());
    }

    /** 4 MiB of zeros deflate to a few kilobytes. */
    static byte[] zeros() {
        return new byte[4 << 20];
    }

    static final PackageLimits SMALL = new PackageLimits(8, 1 << 20, 2 << 20, 64 << 10, 1 << 20);

    @Test
    void aModelFileThatInflatesPastTheLimitIsRefusedBeforeItIsInflated() throws IOException {
        Path file = zip(tmp.resolve("bomb.zip"), Map.of(ModelPackage.DESCRIPTOR,
                GOOD_JSON.getBytes(StandardCharsets.UTF_8), "model.pt", zeros()));
        assertTrue(Files.size(file) < 64 << 10, "the package is small: " + Files.size(file));
        IOException e = assertThrows(IOException.class, () -> ModelPackage.read(file, SMALL));
        assertEquals(file + ": entry 'model.pt' inflates to 4194304 bytes, more than the limit of 1048576",
                e.getMessage());
    }

    @Test
    void aZipThatUnderstatesAnEntrysSizeIsStoppedWhileInflating() throws IOException {
        Path file = zip(tmp.resolve("liar.zip"), Map.of(ModelPackage.DESCRIPTOR,
                GOOD_JSON.getBytes(StandardCharsets.UTF_8), "model.pt", zeros()));
        understateSizes(file, 1000);
        try (ZipFile z = new ZipFile(file.toFile())) {
            assertEquals(1000, z.getEntry("model.pt").getSize(), "the directory now lies");
        }
        IOException e = assertThrows(IOException.class, () -> ModelPackage.read(file, SMALL));
        assertTrue(e.getMessage().startsWith(file + ": entry 'model.pt' "), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    /** Rewrites every central-directory entry's uncompressed size. */
    static void understateSizes(Path file, int size) throws IOException {
        byte[] b = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 <= b.length; i++) {
            if (buf.getInt(i) == 0x02014b50) {
                buf.putInt(i + 24, size);
            }
        }
        Files.write(file, b);
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(ModelPackage.DESCRIPTOR, GOOD_JSON.getBytes(StandardCharsets.UTF_8));
        entries.put("model.pt", MODEL);
        for (int i = 0; i < 300; i++) {
            entries.put("padding-" + i, new byte[0]);
        }
        Path file = zip(tmp.resolve("many.zip"), entries);
        IOException e = assertThrows(IOException.class, () -> ModelPackage.read(file));
        assertEquals(file + ": 302 entries, more than the limit of 256", e.getMessage());
    }

    @Test
    void anEntryNamedOutOfThePackageIsRefused() throws IOException {
        Path file = zip(tmp.resolve("slip.zip"), Map.of(ModelPackage.DESCRIPTOR,
                GOOD_JSON.getBytes(StandardCharsets.UTF_8), "model.pt", MODEL, "../../etc/evil", new byte[1]));
        IOException e = assertThrows(IOException.class, () -> ModelPackage.read(file));
        assertEquals(file + ": entry name '../../etc/evil' leaves the package", e.getMessage());
    }

    @Test
    void aDescriptorPastItsLimitIsRefused() throws IOException {
        String padded = GOOD_JSON.replace("\"citation\":", "\"description\": \"" + "x".repeat(2 << 20)
                + "\", \"citation\":");
        Path file = withDescriptor(padded);
        IOException e = assertThrows(IOException.class, () -> ModelPackage.read(file));
        assertTrue(e.getMessage().startsWith(file + ": entry 'metamer-model.json' inflates to "), e.getMessage());
    }

    @Test
    void notAZipIsNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("text.zip"), "hello");
        IOException e = assertThrows(IOException.class, () -> ModelPackage.read(file));
        assertEquals(file + ": not a zip or jar file", e.getMessage());
    }

    static Set<Path> packageTempFolders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("metamer-bench-")).collect(Collectors.toSet());
        }
    }

    @Test
    void aModelThatFailsToLoadLeavesNoCopyInTheTemporaryFolder() throws IOException {
        for (String format : new String[] {"torchscript", "onnx"}) {
            String json = GOOD_JSON.replace("\"format\": \"torchscript\"", "\"format\": \"" + format + "\"");
            Path file = zip(tmp.resolve("garbage-" + format + ".zip"), Map.of(ModelPackage.DESCRIPTOR,
                    json.getBytes(StandardCharsets.UTF_8), "model.pt", "not a model".getBytes(StandardCharsets.UTF_8)));
            PackageProvider p = new PackageProvider(file);
            Set<Path> before = packageTempFolders();
            ModelException e = assertThrows(ModelException.class, () -> p.open("tiny-cnn-torchscript"));
            assertTrue(e.getMessage().startsWith(file + ": cannot load the "), e.getMessage());
            assertEquals(before, packageTempFolders(), format + ": temporary folders left behind");
        }
    }

    @Test
    void aLoadedModelKeepsNoCopyInTheTemporaryFolder() throws IOException {
        Set<Path> before = packageTempFolders();
        for (String fixture : new String[] {"tiny-cnn-torchscript.zip", "tiny-cnn-onnx.zip"}) {
            PackageProvider p = new PackageProvider(PackagesTest.fixture(fixture));
            try (var m = p.open(p.models().get(0).id())) {
                assertEquals(before, packageTempFolders(), fixture + ": the model file stayed on disk");
                assertEquals(10, m.logits(org.metamerbench.api.Tensor.zeros(1, 1, 28, 28)).shape()[1]);
            }
        }
    }
}
