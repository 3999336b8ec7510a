package io.computebroker.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * A mixed workload shaped like seed 003's prototype run: most calls are bounded work for the owned
 * model, prose for the marketplace model, code for the mid tier and a few hard architecture calls for
 * the frontier model. Until the routing engine lands, each prompt names its tier explicitly (seed 002:
 * explicit routing by tag beats clever classification); half arrive as OpenAI calls and half as
 * Anthropic calls, so both translations are exercised.
 */
public final class DemoWorkload {
    public enum Api { OPENAI, ANTHROPIC }

    public record Item(Api api, String model, boolean stream, boolean tools, String prompt) {}

    static final String OWNED = "sim-qwen3.6-27b", MARKET = "sim-kimi-k2.6", MID = "sim-claude-sonnet-4.6", FRONTIER = "sim-claude-opus-4.8";

    private static final String[] BOUNDED = {
            "Classify this support ticket as billing, technical or account: 'I was charged twice this month.'",
            "Extract the invoice number and total from: 'Invoice INV-2291, total due EUR 1,240.00 by 30 June.'",
            "Is this review positive or negative? 'The battery died after two days.'",
            "Tag the language of: 'Wo ist der Bahnhof?'",
            "Extract all dates from: 'Kick-off on 3 March, review on 17 April, launch on 2 June.'",
            "Route this e-mail to sales, support or legal: 'Please send the signed DPA back to us.'",
            "Normalise this address to one line: 'Keizersgracht 123\\n1015 CJ Amsterdam\\nNetherlands'",
            "Classify the intent: 'cancel my subscription please'",
            "Summarise in one line: 'The deploy failed because the migration locked the orders table for 40 minutes.'",
            "Extract the product names from: 'We compared the X200, the Z-Pro and the Nova 5.'",
            "Translate to French: 'The meeting is moved to Thursday.'",
            "Is this log line an error or a warning? 'WARN pool exhausted, waiting 200ms'",
    };
    private static final String[] PROSE = {
            "Write a warm two-paragraph welcome e-mail for new customers of a bicycle repair shop.",
            "Rewrite this release note in a friendly voice: 'Fixed bug in export. Improved perf.'",
            "Draft a short LinkedIn post announcing our new office in Rotterdam.",
            "Summarise the key arguments for and against a four-day work week in 150 words.",
            "Write a product description for a water bottle that keeps drinks cold for 24 hours.",
            "Translate this paragraph into Spanish and keep the tone playful: 'Our cats run the office.'",
    };
    private static final String[] CODE = {
            "Write a Java method that merges two sorted int arrays in O(n).",
            "Review this SQL for injection risks: SELECT * FROM users WHERE name = '\" + name + \"'",
            "Write a Python function that retries an HTTP call with exponential backoff and jitter.",
            "Explain why this Go code deadlocks: a goroutine sends on an unbuffered channel nobody reads.",
            "Write a bash one-liner that finds the ten largest files under /var/log.",
            "Refactor a 300-line Java method that parses CSV into smaller testable pieces; outline the steps.",
    };
    private static final String[] HARD = {
            "Design a multi-region active-active architecture for a payments ledger with exactly-once semantics; weigh the trade-offs.",
            "We must choose between event sourcing and CRUD with CDC for an order system at 20k writes/s. Decide and justify.",
            "Plan the migration of a 2 TB PostgreSQL cluster to a new major version with under one minute of downtime.",
    };

    private DemoWorkload() {}

    /** {@code n} items cycling through the tiers in a fixed, repeatable mix (~45% owned, 25% market, 20% mid, 10% frontier). */
    public static List<Item> items(int n) {
        List<Item> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int slot = i % 20;
            Api api = i % 2 == 0 ? Api.OPENAI : Api.ANTHROPIC;
            boolean stream = i % 3 != 0;
            if (slot < 9) out.add(new Item(api, OWNED, stream, slot == 4, BOUNDED[i % BOUNDED.length]));
            else if (slot < 14) out.add(new Item(api, MARKET, stream, false, PROSE[i % PROSE.length]));
            else if (slot < 18) out.add(new Item(api, MID, stream, slot == 15, CODE[i % CODE.length]));
            else out.add(new Item(api, FRONTIER, stream, false, HARD[i % HARD.length]));
        }
        return out;
    }
}
