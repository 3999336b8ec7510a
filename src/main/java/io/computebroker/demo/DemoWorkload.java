package io.computebroker.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * A mixed workload shaped like seed 003's prototype run: bounded work, prose, code, a few hard
 * architecture questions, prompts carrying personal data, and a coding agent asking for the frontier
 * model by name. Almost every call asks for {@code auto} and lets the router pick; a few carry explicit
 * {@code x-broker-task} tags (seed 002). Half arrive as OpenAI calls and half as Anthropic calls.
 */
public final class DemoWorkload {
    public enum Api { OPENAI, ANTHROPIC }

    public record Item(Api api, String model, boolean stream, boolean tools, String prompt, java.util.Map<String, String> headers) {
        Item(Api api, String model, boolean stream, boolean tools, String prompt) {
            this(api, model, stream, tools, prompt, java.util.Map.of());
        }
    }

    static final String FRONTIER = "sim-claude-opus-4.8";

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

    private static final String[] SENSITIVE = {
            "Summarise this complaint from maria.jansen@example.com about invoice INV-2291 in one line.",
            "Customer IBAN NL91 ABNA 0417 1643 00 bounced twice; classify the payment issue.",
            "Extract the delivery date from: 'Call Peter de Vries on +31 6 12345678 before the 14th.'",
            "Our staging key sk-proj-4fQ9x2LmN8vB7kR1tY6uZ3wE0aS5dF was pasted in Slack; draft a rotation note.",
    };

    private DemoWorkload() {}

    /** {@code n} items in a fixed, repeatable mix: 40% bounded, 15% prose, 15% code, 10% hard, 10% personal data, 10% agent. */
    public static List<Item> items(int n) {
        List<Item> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int slot = i % 20;
            Api api = i % 2 == 0 ? Api.OPENAI : Api.ANTHROPIC;
            boolean stream = i % 3 != 0;
            if (slot < 8) out.add(new Item(api, "auto", stream, slot == 4, BOUNDED[i % BOUNDED.length]));
            else if (slot < 11) out.add(new Item(api, "auto", stream, false, PROSE[i % PROSE.length]));
            else if (slot < 14) out.add(new Item(api, "auto", stream, slot == 12, CODE[i % CODE.length],
                    slot == 13 ? java.util.Map.of("x-broker-task", "code") : java.util.Map.of()));
            else if (slot < 16) out.add(new Item(api, "auto", stream, false, HARD[i % HARD.length],
                    java.util.Map.of("x-broker-task", "plan")));
            else if (slot < 18) out.add(new Item(api, "auto", stream, false, SENSITIVE[i % SENSITIVE.length]));
            else out.add(new Item(Api.ANTHROPIC, FRONTIER, stream, slot == 19, CODE[i % CODE.length],
                    java.util.Map.of("x-broker-feature", "claude-code")));
        }
        return out;
    }
}
