package io.wsgate.it;

import org.junit.jupiter.params.provider.Arguments;

import java.util.Arrays;
import java.util.stream.Stream;

/** Parameter sources pairing every container kind with every case of a test. */
final class Kinds {

    private Kinds() {}

    /** Every container kind with every value: (kind, value) arguments. */
    static Stream<Arguments> times(Object... values) {
        return Arrays.stream(ContainerKind.values())
                .flatMap(kind -> Arrays.stream(values).map(value -> Arguments.of(kind, value)));
    }

    static Stream<Arguments> timesInts(int... values) {
        return times(Arrays.stream(values).boxed().toArray());
    }
}
