package io.computebroker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.Role;
import io.computebroker.core.Tool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * A 64-bit hash of the part of a request that stays the same across the calls that could share a
 * server's prefix cache: the system text, the tool definitions, and the first
 * {@value #FIRST_USER_CHARS} characters of the first user message.
 *
 * <p>Why these: vLLM's automatic prefix cache keys on the token prefix, and chat templates put system
 * and tools first. System and tools alone would send every conversation of one agent to one server;
 * adding the start of the first user turn tells conversations apart, while every later turn of the
 * same conversation (which repeats that first turn) still lands where its earlier turns are cached.
 * The cap keeps hashing cheap and means a long shared document at the start of the first turn still
 * groups requests that differ only after it.
 *
 * <p>Hashed incrementally (FNV-1a over UTF-16 chars, then a 64-bit finaliser), without building
 * the prompt as one string. It is deterministic across processes, so several gateways agree.
 */
public final class PrefixKey {
    static final int FIRST_USER_CHARS = 2_000;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    // Between sections, so "ab"+"c" and "a"+"bc" differ; U+FFFF is a noncharacter, absent from real text.
    private static final char SEPARATOR = '\uffff';

    private long h = FNV_OFFSET;

    private PrefixKey() {}

    public static long of(ChatRequest request) {
        PrefixKey k = new PrefixKey();
        for (Content c : request.system()) {
            if (c instanceof Content.Text t) k.add(t.text(), 0, t.text().length());
            k.add(SEPARATOR);
        }
        k.add(SEPARATOR);
        for (Tool tool : request.tools()) {
            k.add(tool.name());
            k.add(tool.description());
            k.add(tool.inputSchema());
            k.add(SEPARATOR);
        }
        k.add(SEPARATOR);
        for (Message m : request.messages()) {
            if (m.role() != Role.USER) continue;
            int budget = FIRST_USER_CHARS;
            for (Content c : m.content()) {
                if (budget == 0) break;
                if (c instanceof Content.Text t) {
                    int n = Math.min(budget, t.text().length());
                    k.add(t.text(), 0, n);
                    budget -= n;
                }
            }
            break;
        }
        return mix(k.h);
    }

    /** A 64-bit finaliser (MurmurHash3 fmix64): spreads FNV's weak low bits over the whole word. */
    static long mix(long z) {
        z ^= z >>> 33;
        z *= 0xff51afd7ed558ccdL;
        z ^= z >>> 33;
        z *= 0xc4ceb9fe1a85ec53L;
        z ^= z >>> 33;
        return z;
    }

    /** Hashes a string the same way as a prompt, e.g. a replica's URL. */
    static long ofText(String s) {
        PrefixKey k = new PrefixKey();
        k.add(s);
        return mix(k.h);
    }

    private void add(char c) {
        h = (h ^ c) * FNV_PRIME;
    }

    private void add(CharSequence s, int from, int to) {
        long x = h;
        for (int i = from; i < to; i++) x = (x ^ s.charAt(i)) * FNV_PRIME;
        h = x;
    }

    private void add(String s) {
        if (s != null) add(s, 0, s.length());
        add(SEPARATOR);
    }

    /** Streams the schema's JSON text straight into the hash: the same bytes the upstream sees, no copy. */
    private void add(JsonNode node) {
        if (node == null) return;
        try {
            Json.MAPPER.writeValue(new HashingWriter(), node);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the writer never fails; Jackson's signature says it might
        }
    }

    private final class HashingWriter extends Writer {
        @Override public void write(char[] buf, int off, int len) {
            long x = h;
            for (int i = off; i < off + len; i++) x = (x ^ buf[i]) * FNV_PRIME;
            h = x;
        }
        @Override public void write(String s, int off, int len) { add(s, off, off + len); }
        @Override public void flush() {}
        @Override public void close() {}
    }
}
