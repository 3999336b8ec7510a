package io.computebroker.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A complete answer as a canonical event stream: start, small deltas, finish with usage. Used to replay
 * a cached answer to a streaming caller, and by the simulated fleet.
 */
public final class ResponseEvents {
    private ResponseEvents() {}

    public static List<StreamEvent> of(ChatResponse answer) {
        List<StreamEvent> ev = new ArrayList<>();
        ev.add(new StreamEvent.Start(answer.id(), answer.model(), new Usage(answer.usage().inputTokens(), answer.usage().cachedInputTokens(), 0, 0, 0)));
        int toolIndex = 0;
        for (Content c : answer.content()) {
            if (c instanceof Content.Text t) {
                String[] words = t.text().split("(?<= )");
                for (int i = 0; i < words.length; i += 3) {
                    ev.add(new StreamEvent.TextDelta(String.join("", Arrays.copyOfRange(words, i, Math.min(words.length, i + 3)))));
                }
            } else if (c instanceof Content.ToolUse u) {
                ev.add(new StreamEvent.ToolCallStart(toolIndex, u.id(), u.name()));
                String args = u.argumentsJson();
                int step = Math.max(1, args.length() / 3);
                for (int i = 0; i < args.length(); i += step) {
                    ev.add(new StreamEvent.ToolCallDelta(toolIndex, args.substring(i, Math.min(args.length(), i + step))));
                }
                toolIndex++;
            } else if (c instanceof Content.Thinking th) {
                ev.add(new StreamEvent.ThinkingDelta(th.text()));
            }
        }
        ev.add(new StreamEvent.Finish(answer.stopReason(), answer.usage()));
        return ev;
    }
}
