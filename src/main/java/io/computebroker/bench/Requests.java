package io.computebroker.bench;

/** The request bodies the scenarios and the start-up training send, rendered once per scenario. */
final class Requests {
    private Requests() {}

    static final String SMALL_PROMPT = "Classify this support ticket as billing, technical or account: I was charged twice for my "
            + "subscription this month, please refund the second payment.";

    static String chat(String model, String prompt, int maxTokens, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + (stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":" + io.computebroker.core.Json.write(
                io.computebroker.core.Json.MAPPER.getNodeFactory().textNode(prompt)) + "}]}";
    }

    static String messages(String model, String prompt, int maxTokens) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + io.computebroker.core.Json.write(io.computebroker.core.Json.MAPPER.getNodeFactory().textNode(prompt)) + "}]}";
    }

    /** About {@code tokens} o200k tokens of ordinary business prose (no personal data), behind a summarise instruction. */
    static String longPrompt(int tokens) {
        return "Summarise this report in five bullet points.\n\n" + prose(tokens);
    }

    /** Roughly {@code tokens} o200k tokens of varied business prose with numbers and names, no PII (also the JMH benchmarks' text). */
    public static String prose(int tokens) {
        String[] sentences = {
                "The quarterly review covers revenue, churn and the migration of the billing service to the new platform.",
                "Our team shipped 14 features, closed 212 tickets and reduced the median response time by 18 percent.",
                "Please summarise the main risks for the next release and list the open questions for the architecture board.",
                "The warehouse in Rotterdam processed 3,400 orders per day during the peak, up from 2,100 last year.",
                "Customers asked for better export options, clearer invoices and a faster onboarding flow in the app.",
        };
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (sb.length() < tokens * 4.6) sb.append(sentences[i++ % sentences.length]).append(' ');
        return sb.toString();
    }
}
