package io.computebroker.classify;

import io.computebroker.classify.sensitivity.EntityType;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.sensitivity.SensitivityScanner;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.classify.task.TaskClassifier;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.Message;
import io.computebroker.core.Role;
import io.computebroker.core.WireFormat;
import io.computebroker.identify.Principal;
import io.computebroker.tokens.TokenCounter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassifierTest {
    static final Classifier C = new Classifier(TokenCounter.shared(), TaskClassifier.builtIn(), new SensitivityScanner());
    static final Principal KEY = Principal.of("k", "acme", null);

    static ChatRequest req(List<Message> messages) {
        return new ChatRequest("auto", null, messages, null, null, null, null, null, null, false, false, null, null, null,
                WireFormat.OPENAI, null);
    }

    @Test
    void inferredSignalsFillWhatTheCallerDidNotSay() {
        Signals s = C.classify(req(List.of(Message.user("Translate to German: the meeting moved to Thursday."))), CallerSignals.NONE, KEY);
        assertThat(s.task()).isEqualTo(TaskClass.TRANSLATE);
        assertThat(s.taskSource()).isEqualTo(Signals.Source.INFERRED);
        assertThat(s.sensitivity()).isEqualTo(Sensitivity.PUBLIC);
        assertThat(s.sensitivitySource()).isEqualTo(Signals.Source.DEFAULT);
        assertThat(s.promptTokens()).isBetween(10, 30);
    }

    @Test
    void declaredSignalsWinButCannotLowerDetectedSensitivity() {
        ChatRequest r = req(List.of(Message.user("Mail the summary to anna.smit@example.org please")));
        Signals lowered = C.classify(r, new CallerSignals(TaskClass.CODE, Sensitivity.PUBLIC, "inbox", "run-1", null, null), KEY);
        assertThat(lowered.task()).isEqualTo(TaskClass.CODE);
        assertThat(lowered.taskSource()).isEqualTo(Signals.Source.DECLARED);
        assertThat(lowered.sensitivity()).isEqualTo(Sensitivity.CONFIDENTIAL);
        assertThat(lowered.entityTypes()).containsExactly(EntityType.EMAIL);
        assertThat(lowered.feature()).isEqualTo("inbox");
        Signals raised = C.classify(r, new CallerSignals(null, Sensitivity.RESTRICTED, null, null, null, null), KEY);
        assertThat(raised.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(raised.sensitivitySource()).isEqualTo(Signals.Source.DECLARED);
    }

    @Test
    void aKeyFloorAppliesToEveryRequest() {
        Principal floor = new Principal("k", "hospital", null, Sensitivity.CONFIDENTIAL, null, "triage");
        Signals s = C.classify(req(List.of(Message.user("What is the capital of France?"))), CallerSignals.NONE, floor);
        assertThat(s.sensitivity()).isEqualTo(Sensitivity.CONFIDENTIAL);
        assertThat(s.sensitivitySource()).isEqualTo(Signals.Source.KEY_FLOOR);
        assertThat(s.feature()).isEqualTo("triage");
    }

    @Test
    void secretsInToolArgumentsAndToolResultsCountToo() {
        ChatRequest r = req(List.of(
                Message.user("Check the deploy"),
                new Message(Role.ASSISTANT, List.of(new Content.ToolUse("c1", "login", "{\"token\":\"ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\"}", null))),
                new Message(Role.USER, List.of(new Content.ToolResult("c1", List.of(Content.Text.of("ok")), false, null)))));
        Signals s = C.classify(r, CallerSignals.NONE, KEY);
        assertThat(s.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(s.entityTypes()).contains(EntityType.API_KEY);
    }

    @Test
    void aFamousNameAloneDoesNotPinTrafficToOwnedModels() {
        Signals s = C.classify(req(List.of(Message.user("Who was Abraham Lincoln and why does he matter?"))), CallerSignals.NONE, KEY);
        assertThat(s.sensitivity()).isLessThan(Sensitivity.CONFIDENTIAL);
    }
}
