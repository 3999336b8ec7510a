package io.computebroker.budget;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script from {@code /budget/*.lua}, run by its SHA-1 so the body crosses the wire only when the
 * server does not know it yet (first use, or after a Redis restart or SCRIPT FLUSH).
 */
final class RedisScript {
    private final String source;
    private final String sha1;

    private RedisScript(String source) {
        this.source = source;
        try {
            this.sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    static RedisScript resource(String name) {
        try (InputStream in = RedisScript.class.getResourceAsStream("/budget/" + name)) {
            if (in == null) throw new IllegalStateException("script /budget/" + name + " missing from the jar");
            return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read script " + name, e);
        }
    }

    Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            return redis.eval(source, keys, args); // EVAL also caches it for the next EVALSHA
        }
    }

    /** Redis replies arrive as String, byte[] or Long depending on the client path; read any as text. */
    static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    static long number(Object reply) {
        return reply instanceof Long l ? l : Long.parseLong(text(reply));
    }
}
