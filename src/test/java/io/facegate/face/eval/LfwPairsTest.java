package io.facegate.face.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LfwPairsTest {

    @Test
    void foldsAndPairsAreRead() {
        LfwPairs pairs = LfwPairs.parse("2\t1\nAbel_Pacheco\t1\t4\nAkhmed_Zakayev 1 Alan_Ball 2\n\n"
                + "Carla 2 3\nDan 1 Eve 10\n", "pairs.txt");
        assertThat(pairs.folds()).isEqualTo(2);
        assertThat(pairs.pairs()).containsExactly(
                new LfwPair("Abel_Pacheco", 1, "Abel_Pacheco", 4, 0),
                new LfwPair("Akhmed_Zakayev", 1, "Alan_Ball", 2, 0),
                new LfwPair("Carla", 2, "Carla", 3, 1),
                new LfwPair("Dan", 1, "Eve", 10, 1));
        assertThat(pairs.pairs().get(0).same()).isTrue();
        assertThat(pairs.pairs().get(1).same()).isFalse();
        assertThat(pairs.pairs().get(3).image2(Path.of("lfw"))).isEqualTo(Path.of("lfw", "Eve", "Eve_0010.jpg"));
        assertThat(pairs.pairs().get(0).image1(Path.of("lfw")))
                .isEqualTo(Path.of("lfw", "Abel_Pacheco", "Abel_Pacheco_0001.jpg"));
    }

    @Test
    void singleListIsOneFold() {
        LfwPairs pairs = LfwPairs.parse("2\nA 1 2\nB 1 3\nA 1 B 1\nC 2 D 2\n", "pairsDevTrain.txt");
        assertThat(pairs.folds()).isEqualTo(1);
        assertThat(pairs.pairs()).hasSize(4).allMatch(p -> p.fold() == 0);
    }

    @Test
    void wrongCountIsReported() {
        assertThatThrownBy(() -> LfwPairs.parse("10 300\nA 1 2\n", "pairs.txt"))
                .isInstanceOf(PairsFileException.class)
                .hasMessage("pairs.txt declares 10 fold(s) of 300 same + 300 different pairs (6000 lines) but has 1"
                        + " pair lines.");
    }

    @Test
    void badLinesNameTheLine() {
        assertThatThrownBy(() -> LfwPairs.parse("1\nA 1 2\nA 1 2 3 4 5\n", "p.txt"))
                .isInstanceOf(PairsFileException.class).hasMessageStartingWith("p.txt line 3: expected 'name i j'");
        assertThatThrownBy(() -> LfwPairs.parse("1\nA one 2\nB 1 C 1\n", "p.txt"))
                .isInstanceOf(PairsFileException.class)
                .hasMessage("p.txt line 2: 'one' should be a whole number of at least 1.");
        assertThatThrownBy(() -> LfwPairs.parse("1\nA 0 2\nB 1 C 1\n", "p.txt"))
                .isInstanceOf(PairsFileException.class).hasMessageContaining("'0'");
        assertThatThrownBy(() -> LfwPairs.parse("a b c\n", "p.txt"))
                .isInstanceOf(PairsFileException.class).hasMessageStartingWith("p.txt line 1: the first line");
        assertThatThrownBy(() -> LfwPairs.parse("\n\n", "p.txt"))
                .isInstanceOf(PairsFileException.class).hasMessageContaining("is empty");
    }
}
