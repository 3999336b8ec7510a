package io.computebroker.economics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.computebroker.classify.task.TaskClass;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The planner's data: self-hosting bands with their monthly TCO, seed 001's posture by volume, the sensitive
 * share that argues for owned capacity regardless of price, and an owned-hardware reference for the
 * depreciation sensitivity. Defaults in {@code economics/bands.yaml}; {@code plan --bands FILE} replaces them.
 */
public record Bands(List<Band> bands, List<Posture> postures, Double sensitiveShareForControl, Reference reference) {
    public static final String RESOURCE = "/economics/bands.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A self-hosting option: monthly TCO in USD and the task classes its models take. */
    public record Band(String id, String name, BigDecimal monthlyTcoUsd, List<String> tasks, String note) {
        public Band {
            if (id == null || id.isBlank()) throw new IllegalArgumentException("bands[].id is required");
            if (monthlyTcoUsd == null || monthlyTcoUsd.signum() <= 0) throw new IllegalArgumentException("bands[" + id + "].monthlyTcoUsd must be > 0");
            if (name == null) name = id;
            tasks = tasks == null ? List.of() : tasks.stream().map(t -> TaskClass.parse(t).wire()).toList();
        }

        /** Null task (unknown): only a band that takes every task class qualifies. */
        public boolean takes(String task) {
            return task == null ? tasks.size() == TaskClass.values().length : tasks.contains(task);
        }
    }

    /** The posture for volumes below {@code belowTokens} a month (null: the last, open-ended one). */
    public record Posture(Long belowTokens, String posture) {
        public Posture {
            if (posture == null || posture.isBlank()) throw new IllegalArgumentException("postures[].posture is required");
        }
    }

    /** Per-accelerator owned cost: capex written off over a life, a fixed yearly cost, and output at a utilisation. */
    public record Reference(String name, BigDecimal itCapexUsd, BigDecimal fixedAnnualUsd, Double tokensPerYear, Double atUtilisation) {
        public Reference {
            if (itCapexUsd == null || fixedAnnualUsd == null || tokensPerYear == null || atUtilisation == null) {
                throw new IllegalArgumentException("reference needs itCapexUsd, fixedAnnualUsd, tokensPerYear and atUtilisation");
            }
            if (tokensPerYear <= 0 || atUtilisation <= 0 || atUtilisation > 1) {
                throw new IllegalArgumentException("reference.tokensPerYear must be > 0 and atUtilisation within (0, 1]");
            }
        }

        /** USD per 1M tokens with the capex written off over {@code lifeYears}, at {@code utilisation}. */
        public double usdPerMillion(double lifeYears, double utilisation) {
            double annual = itCapexUsd.doubleValue() / lifeYears + fixedAnnualUsd.doubleValue();
            double tokens = tokensPerYear / atUtilisation * utilisation;
            return annual / tokens * 1e6;
        }
    }

    public Bands {
        if (bands == null || bands.isEmpty()) throw new IllegalArgumentException("bands: at least one band is required");
        bands = List.copyOf(bands);
        postures = postures == null ? List.of() : List.copyOf(postures);
        if (sensitiveShareForControl == null) sensitiveShareForControl = 0.5;
        long prev = -1;
        for (int i = 0; i < postures.size(); i++) {
            Long b = postures.get(i).belowTokens();
            if (b == null && i != postures.size() - 1) throw new IllegalArgumentException("postures[" + i + "]: only the last posture may omit belowTokens");
            if (b != null && b <= prev) throw new IllegalArgumentException("postures[" + i + "].belowTokens must increase");
            if (b != null) prev = b;
        }
    }

    public static Bands defaults() {
        try (InputStream in = Bands.class.getResourceAsStream(RESOURCE)) {
            return YAML.readValue(in, Bands.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public static Bands load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return YAML.readValue(in, Bands.class);
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            throw new IllegalArgumentException(file + ": " + (root instanceof IllegalArgumentException ? root.getMessage() : e.getMessage()), e);
        }
    }

    /** Seed 001's posture for a monthly volume, or null without postures. */
    public String posture(double monthlyTokens) {
        for (Posture p : postures) if (p.belowTokens() == null || monthlyTokens < p.belowTokens()) return p.posture();
        return null;
    }
}
