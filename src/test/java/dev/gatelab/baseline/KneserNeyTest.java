package dev.gatelab.baseline;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatelab.ArgumentException;
import dev.gatelab.Fixtures;
import dev.gatelab.data.CharVocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KneserNeyTest {
    static Stream<Arguments> orders() {
        return Fixtures.cases(c -> "order " + c.get("order").asInt(), "kneser_ney").map(a -> Arguments.of(a.get()[0]));
    }

    /** The fixture's model is computed from the definition with dictionaries (src/test/python/make_kneser_ney_fixture.py). */
    @ParameterizedTest
    @MethodSource("orders")
    void matchesAnIndependentComputationFromTheDefinition(JsonNode c) throws Exception {
        JsonNode f = Fixtures.load("kneser_ney");
        String text = Files.readString(Path.of(System.getProperty("basedir", "."), f.get("text").asText()));
        CharVocabulary vocab = CharVocabulary.of(text);
        assertEquals(f.get("vocabulary").asText(), vocab.decode(java.util.stream.IntStream.range(0, vocab.size()).toArray()));
        int[] train = vocab.encode(text.substring(f.get("train").get(0).asInt(), f.get("train").get(1).asInt()));
        int[] held = vocab.encode(text.substring(f.get("held_out").get(0).asInt(), f.get("held_out").get(1).asInt()));
        KneserNey lm = KneserNey.fit(train, vocab.size(), c.get("order").asInt());
        assertEquals(c.get("cross_entropy").asDouble(), lm.crossEntropy(held), 1e-12);
        assertEquals(c.get("cross_entropy_reset_100").asDouble(), lm.crossEntropy(held, 100), 1e-12);
        double[] logs = Fixtures.values(c.get("first_log_probabilities"));
        for (int t = 0; t < logs.length; t++) {
            assertEquals(logs[t], Math.log(lm.probability(held, t + 1)), 1e-12, "position " + (t + 1));
        }
        var contexts = c.get("distributions").fields();
        while (contexts.hasNext()) {
            var e = contexts.next();
            double[] expected = Fixtures.values(e.getValue()), actual = lm.distribution(vocab.encode(e.getKey()));
            for (int w = 0; w < expected.length; w++) {
                assertEquals(expected[w], actual[w], 1e-14, "context '" + e.getKey() + "', token " + w);
            }
        }
    }

    @Test
    void everyDistributionSumsToOneAndGivesEveryTokenSomeProbability() {
        Random r = new Random(7);
        int vocabulary = 6;
        int[] train = new int[3000];
        for (int i = 1; i < train.length; i++) train[i] = r.nextDouble() < 0.7 ? (train[i - 1] + 1) % 4 : r.nextInt(vocabulary - 1);
        for (int order = 1; order <= 7; order++) {
            KneserNey lm = KneserNey.fit(train, vocabulary, order);
            for (int trial = 0; trial < 200; trial++) {
                int[] context = new int[r.nextInt(9)];
                int start = r.nextInt(train.length - 10);
                for (int i = 0; i < context.length; i++) context[i] = trial % 2 == 0 ? train[start + i] : r.nextInt(vocabulary);
                double[] p = lm.distribution(context);
                double sum = 0;
                for (double v : p) {
                    assertTrue(v > 0, "order " + order + ": every token has some probability, the unseen 5 too");
                    sum += v;
                }
                assertEquals(1, sum, 1e-12, "order " + order);
            }
            assertTrue(lm.distribution(new int[0])[5] < lm.distribution(new int[0])[0], "an unseen token is least likely");
        }
    }

    @Test
    void theOrderChosenOnValidationHasTheLowestValidationLoss() {
        Random r = new Random(3);
        int[] seq = new int[6000];
        for (int i = 3; i < seq.length; i++) seq[i] = r.nextDouble() < 0.9 ? (seq[i - 3] + seq[i - 1]) % 5 : r.nextInt(5);
        int[] train = java.util.Arrays.copyOf(seq, 5000), validation = java.util.Arrays.copyOfRange(seq, 5000, 6000);
        KneserNey.OrderChoice choice = KneserNey.chooseOrder(train, validation, 5, 6);
        for (int k = 1; k <= 6; k++) {
            assertEquals(KneserNey.fit(train, 5, k).crossEntropy(validation), choice.validationLoss()[k - 1], 0);
            assertTrue(choice.validationLoss()[choice.order() - 1] <= choice.validationLoss()[k - 1]);
        }
        assertTrue(choice.order() >= 4, "the sequence depends on the token 3 back: " + choice.order());
    }

    @Test
    void badInputIsNamed() {
        int[] train = {0, 1, 2, 1, 0};
        assertRefuses(ArgumentException.class,
                () -> KneserNey.fit(train, 3, 0), "expected an order in [1, 39] for a vocabulary of 3, got 0");
        assertRefuses(ArgumentException.class,
                () -> KneserNey.fit(new int[] {0, 1, 5}, 3, 2), "training token 2 is 5, outside [0, 3)");
        assertRefuses(ArgumentException.class,
                () -> KneserNey.fit(train, 3, 2).crossEntropy(new int[] {1, -1}), "token 1 is -1, outside [0, 3)");
        assertRefuses(ArgumentException.class,
                () -> KneserNey.fit(train, 3, 2).probability(train, 5), "position 5 is outside the sequence of 5");
    }
}
