package dev.gatelab.data;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import java.util.Map;
import java.util.TreeMap;

/** The characters of a text, each given an index in sorted order, with one-hot encoding for a character model. */
public final class CharVocabulary {
    private final char[] chars;
    private final Map<Character, Integer> index = new TreeMap<>();

    private CharVocabulary(String text) {
        text.chars().distinct().sorted().forEach(c -> index.put((char) c, index.size()));
        chars = new char[index.size()];
        index.forEach((c, i) -> chars[i] = c);
    }

    /**
     * @param text the text whose distinct characters make the vocabulary
     * @return the vocabulary, sorted by character
     */
    public static CharVocabulary of(String text) {
        if (text.isEmpty()) throw new ArgumentException("CharVocabulary: the text is empty");
        return new CharVocabulary(text);
    }

    /**
     * @return the number of distinct characters
     */
    public int size() {
        return chars.length;
    }

    /**
     * @param id an index in [0, size)
     * @return its character
     */
    public char charAt(int id) {
        return chars[id];
    }

    /**
     * @param s characters of the vocabulary
     * @return their indices
     */
    public int[] encode(String s) {
        int[] out = new int[s.length()];
        for (int i = 0; i < out.length; i++) {
            Integer id = index.get(s.charAt(i));
            if (id == null) {
                throw new ArgumentException("CharVocabulary: character '" + s.charAt(i) + "' at position " + i
                        + " is not in the vocabulary of " + size());
            }
            out[i] = id;
        }
        return out;
    }

    /**
     * @param ids indices in [0, size)
     * @return their characters
     */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) sb.append(chars[id]);
        return sb.toString();
    }

    /**
     * [1, length, size] one-hot rows of {@code s}: the input for one sequence.
     *
     * @param s characters of the vocabulary
     * @return the one-hot rows, float32
     */
    public Tensor oneHot(String s) {
        int[] ids = encode(s);
        Tensor x = Tensor.zeros(DType.FLOAT32, 1, ids.length, size());
        for (int t = 0; t < ids.length; t++) x.set(t * size() + ids[t], 1);
        return x;
    }

    /**
     * A long text laid out for truncated backpropagation through time ({@code Trainer.carryState()}): the text is cut
     * into {@code streams} equal stretches read side by side, and each stretch into consecutive chunks of
     * {@code length}. Sample k·streams + s is chunk k of stretch s, so batch k (of {@code streams} samples) continues
     * batch k − 1 row by row. Targets are the next characters, as in {@link #sequences}.
     *
     * @param text the text, every character in the vocabulary
     * @param streams how many stretches run side by side: the batch size to train with
     * @param length characters per chunk
     * @return [chunks·streams, length, size] one-hot inputs with [chunks·streams, length] targets
     */
    public SequenceDataset streams(String text, int streams, int length) {
        if (streams < 1 || length < 1) {
            throw new ArgumentException("CharVocabulary.streams: streams and length must be positive, got " + streams
                    + " and " + length);
        }
        int stretch = (text.length() - 1) / streams, chunks = stretch / length;
        if (chunks < 1) {
            throw new ArgumentException("CharVocabulary.streams: a text of " + text.length() + " characters is too short"
                    + " for " + streams + " streams of at least one chunk of " + length);
        }
        int[] ids = encode(text);
        int n = chunks * streams;
        Tensor x = Tensor.zeros(DType.FLOAT32, n, length, size()), y = Tensor.zeros(DType.FLOAT32, n, length);
        for (int k = 0; k < chunks; k++) {
            for (int s = 0; s < streams; s++) {
                int sample = k * streams + s;
                for (int t = 0; t < length; t++) {
                    int at = s * stretch + k * length + t;
                    x.set((sample * length + t) * size() + ids[at], 1);
                    y.set(sample * length + t, ids[at + 1]);
                }
            }
        }
        return SequenceDataset.of(x, y);
    }

    /**
     * Next-character training pairs: chunks of {@code length} characters every {@code stride}, inputs one-hot
     * [N, length, size] and targets the indices of the following characters [N, length].
     *
     * @param text characters of the vocabulary
     * @param length characters per chunk
     * @param stride characters from one chunk's start to the next
     * @return the chunks and their next characters
     */
    public SequenceDataset sequences(String text, int length, int stride) {
        if (length < 1 || stride < 1) {
            throw new ArgumentException("CharVocabulary.sequences: length and stride must be positive, got " + length
                    + " and " + stride);
        }
        int n = (text.length() - length - 1) / stride + 1;
        if (n <= 0) throw new ArgumentException("CharVocabulary: text of " + text.length() + " is shorter than " + (length + 1));
        int[] ids = encode(text);
        Tensor x = Tensor.zeros(DType.FLOAT32, n, length, size()), y = Tensor.zeros(DType.FLOAT32, n, length);
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < length; t++) {
                int at = i * stride + t;
                x.set((i * length + t) * size() + ids[at], 1);
                y.set(i * length + t, ids[at + 1]);
            }
        }
        return SequenceDataset.of(x, y);
    }
}
