package io.wsgate.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Copying and deleting directory trees for the containers' base directories. */
final class Tree {

    private Tree() {}

    /** Empties {@code dir}, keeping the directory. */
    static void delete(Path dir) throws IOException {
        List<Path> inside;
        try (Stream<Path> walk = Files.walk(dir)) {
            inside = walk.filter(p -> !p.equals(dir)).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : inside) Files.delete(p);
    }

    static void copy(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(from)) {
            all = walk.toList();
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) Files.createDirectories(target);
            else Files.copy(p, target);
        }
    }
}
