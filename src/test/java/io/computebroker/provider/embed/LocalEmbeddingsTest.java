package io.computebroker.provider.embed;

import com.openai.core.ObjectMappers;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import io.computebroker.core.BrokerException;
import io.computebroker.core.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LocalEmbeddingsTest {

    private static LocalEmbeddings embeddings;

    @BeforeAll
    static void load() {
        embeddings = new LocalEmbeddings();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        return Math.sqrt(s);
    }

    @Test
    void vectorsAre384DimAndUnitLength() {
        assertThat(embeddings.dimensions()).isEqualTo(384);
        for (String text : List.of("hello", "The capital of France is Paris", "a", "🙂 emoji only gets [UNK]")) {
            float[] v = embeddings.embed(text);
            assertThat(v).hasSize(384);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void paraphrasesScoreHigherThanUnrelatedText() {
        String[][] triples = {
                {"How do I reset my password?", "I forgot my password, how can I change it?", "The capital of France is Paris"},
                {"The cat is sleeping on the sofa.", "A kitten naps on the couch.", "Quarterly revenue grew by eight percent."},
                {"What time does the train to Berlin leave?", "When is the departure of the Berlin train?", "Mix flour, eggs and milk to make pancakes."},
                {"My laptop will not turn on.", "The notebook computer does not power up.", "Whales migrate thousands of miles each year."},
        };
        for (String[] t : triples) {
            List<float[]> v = embeddings.embedAll(List.of(t));
            double paraphrase = cosine(v.get(0), v.get(1));
            double unrelated = cosine(v.get(0), v.get(2));
            assertThat(paraphrase).as("%s ~ %s vs %s", t[0], t[1], t[2]).isGreaterThan(unrelated);
        }
    }

    @Test
    void batchMatchesOneByOne() {
        List<String> texts = List.of("first text", "second, rather different text", "third");
        List<float[]> batch = embeddings.embedAll(texts);
        assertThat(batch).hasSize(3);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(cosine(batch.get(i), embeddings.embed(texts.get(i)))).isCloseTo(1.0, within(1e-5));
        }
        assertThat(embeddings.embedAll(List.of())).isEmpty();
    }

    @Test
    void countsTokensWithTheModelsOwnWordPieceTokenizer() {
        assertThat(embeddings.countTokens("hello world")).isEqualTo(2);
        // The uncased BERT vocabulary splits "GPU" into "gp" "##u": i have a new gp ##u !
        assertThat(embeddings.countTokens("I have a new GPU!")).isEqualTo(7);
        assertThat(embeddings.countTokens("")).isZero();
        // The bundled tokenizer.json truncates at 128; counting must not.
        assertThat(embeddings.countTokens("word ".repeat(1000))).isEqualTo(1000);
    }

    @Test
    void longTextIsEmbeddedWholeNotTruncated() {
        String cooking = "To make a simple tomato sauce, warm olive oil in a pan, add chopped garlic and onion, "
                + "stir until soft, then add crushed tomatoes, salt, basil and a pinch of sugar. ";
        String astronomy = "Astronomers use large telescopes to observe distant galaxies, nebulae and exploding "
                + "stars, measuring the light of planets that orbit other suns across the universe. ";
        String prefix = cooking.repeat(5);          // well over one window on its own
        String whole = prefix + astronomy.repeat(6);
        assertThat(embeddings.countTokens(prefix)).isGreaterThan(LocalEmbeddings.WINDOW_TOKENS);

        float[] query = embeddings.embed("telescopes observing galaxies and stars");
        float[] wholeVec = embeddings.embed(whole);
        float[] prefixVec = embeddings.embed(prefix);
        assertThat(norm(wholeVec)).isCloseTo(1.0, within(1e-4));
        // Were the text cut at the model's 128 tokens, the astronomy part would not be seen at all.
        assertThat(cosine(wholeVec, query)).isGreaterThan(cosine(prefixVec, query) + 0.1);
    }

    @Test
    void windowsKeepMultiPieceWordsWhole() {
        // Every word is several "##" pieces, so most window ends fall inside a word and must back off.
        String unit = "antidisestablishmentarianism hyperparameterization unaffable ";
        String many = unit.repeat(60);
        assertThat(embeddings.countTokens(many)).isGreaterThan(5 * LocalEmbeddings.WINDOW_TOKENS);
        float[] v = embeddings.embed(many);
        assertThat(norm(v)).isCloseTo(1.0, within(1e-4));
        // The windows hold the same words as a short repetition, so the mean must land next to it.
        assertThat(cosine(v, embeddings.embed(unit.repeat(3)))).isGreaterThan(0.9);
    }

    @Test
    void refusesTextWithoutTokensAndOversizedInput() {
        assertThatThrownBy(() -> embeddings.embedAll(List.of("fine", " \t\n\u200b ")))
                .isInstanceOfSatisfying(BrokerException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("input");
                    assertThat(e.getMessage()).startsWith("input[1]:");
                });
        String tooLong = "word ".repeat(LocalEmbeddings.MAX_INPUT_TOKENS + 1);
        assertThatThrownBy(() -> embeddings.embed(tooLong))
                .isInstanceOfSatisfying(BrokerException.class, e -> assertThat(e.getMessage()).contains("8192"));
        List<String> many = Collections.nCopies(38, "word ".repeat(8000));   // 304,000 tokens in all
        assertThatThrownBy(() -> embeddings.embedAll(many))
                .isInstanceOfSatisfying(BrokerException.class, e -> assertThat(e.getMessage()).contains("300000"));
    }

    @Test
    void concurrentCallersGetTheSameVectorsAsSerialOnes() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 16; i++) texts.add("request number " + i + " about topic " + (i % 4));
        List<float[]> serial = new ArrayList<>();
        for (String t : texts) serial.add(embeddings.embed(t));
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<float[]>> futures = new ArrayList<>();
            for (String t : texts) futures.add(pool.submit(() -> new LocalEmbeddings().embed(t)));
            for (int i = 0; i < texts.size(); i++) {
                assertThat(cosine(futures.get(i).get(), serial.get(i))).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void endToEndThroughTheCodecAndTheOfficialClient() throws Exception {
        EmbeddingsRequest req = EmbeddingsCodec.decode(Json.parse(
                "{\"model\":\"all-minilm-l6-v2\",\"input\":[\"hello world\",\"I have a new GPU!\"],\"encoding_format\":\"base64\"}"));
        List<float[]> vectors = embeddings.embedAll(req.inputs());
        long tokens = 0;
        for (String t : req.inputs()) tokens += embeddings.countTokens(t);
        String json = Json.write(EmbeddingsCodec.encodeResponse(req.model(), vectors, req.base64(), tokens));

        CreateEmbeddingResponse resp = ObjectMappers.jsonMapper().readValue(json, CreateEmbeddingResponse.class).validate();
        assertThat(resp.usage().promptTokens()).isEqualTo(2 + 7);
        List<Float> first = resp.data().get(0).embeddingValue().asFloats();
        assertThat(first).hasSize(384);
        for (int d = 0; d < 384; d++) assertThat(first.get(d)).isEqualTo(vectors.get(0)[d]);
    }

    /** Not an assertion: prints warm per-embedding latency for the record. */
    @Test
    void measureLatency() {
        String sentence = "How do I reset my password if I no longer have access to my recovery email?";
        for (int i = 0; i < 50; i++) embeddings.embed(sentence + i);   // warm up JIT and ONNX

        int singles = 200;
        long t0 = System.nanoTime();
        for (int i = 0; i < singles; i++) embeddings.embed(sentence + " #" + i);
        double singleMs = (System.nanoTime() - t0) / 1e6 / singles;

        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 256; i++) batch.add(sentence + " #" + i);
        t0 = System.nanoTime();
        embeddings.embedAll(batch);
        double batchMs = (System.nanoTime() - t0) / 1e6 / batch.size();

        String paragraph = "The broker routes each request to the cheapest model that can do the work well. ".repeat(20);
        t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) embeddings.embed(paragraph + i);
        double longMs = (System.nanoTime() - t0) / 1e6 / 20;

        System.out.printf("LATENCY single %.2f ms (%d tokens); batch of 256 %.2f ms/item; %d-token text %.2f ms; cores %d%n",
                singleMs, embeddings.countTokens(sentence), batchMs, embeddings.countTokens(paragraph), longMs,
                Runtime.getRuntime().availableProcessors());
    }
}
