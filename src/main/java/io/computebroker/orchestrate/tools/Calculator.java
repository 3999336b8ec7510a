package io.computebroker.orchestrate.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.Json;

import java.math.BigDecimal;
import java.math.MathContext;

/** {@code calculator}: + - * / ^, parentheses and decimals, evaluated exactly to 34 digits (no eval of code). */
public final class Calculator implements AgentTool {
    private static final MathContext MC = MathContext.DECIMAL128;

    @Override public String name() { return "calculator"; }

    @Override public String description() { return "Evaluates an arithmetic expression: + - * / ^ and parentheses, e.g. (2+3)*4.5"; }

    @Override
    public JsonNode inputSchema() {
        var s = Json.object().put("type", "object");
        s.putObject("properties").putObject("expression").put("type", "string").put("description", "the expression");
        s.putArray("required").add("expression");
        return s;
    }

    @Override
    public String run(JsonNode arguments) throws ToolFailure {
        String expr = AgentTool.requiredText(arguments, "expression");
        if (expr.length() > 1000) throw new ToolFailure("expression longer than 1000 characters");
        Parser p = new Parser(expr);
        BigDecimal v = p.sum();
        p.skip();
        if (p.pos < expr.length()) throw new ToolFailure("unexpected '" + expr.charAt(p.pos) + "' at position " + p.pos);
        return v.stripTrailingZeros().toPlainString();
    }

    /** Recursive descent: sum := product (('+'|'-') product)*; product := power (('*'|'/') power)*; power := unary ('^' power)?. */
    private static final class Parser {
        private final String s;
        int pos;

        Parser(String s) { this.s = s; }

        void skip() { while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++; }

        boolean eat(char c) {
            skip();
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        BigDecimal sum() throws ToolFailure {
            BigDecimal v = product();
            while (true) {
                if (eat('+')) v = v.add(product(), MC);
                else if (eat('-')) v = v.subtract(product(), MC);
                else return v;
            }
        }

        BigDecimal product() throws ToolFailure {
            BigDecimal v = power();
            while (true) {
                if (eat('*')) v = v.multiply(power(), MC);
                else if (eat('/')) {
                    BigDecimal d = power();
                    if (d.signum() == 0) throw new ToolFailure("division by zero");
                    v = v.divide(d, MC);
                } else return v;
            }
        }

        BigDecimal power() throws ToolFailure {
            BigDecimal base = unary();
            if (!eat('^')) return base;
            BigDecimal exp = power();
            int n;
            try {
                n = exp.intValueExact();
            } catch (ArithmeticException e) {
                throw new ToolFailure("exponents must be whole numbers");
            }
            if (Math.abs(n) > 999) throw new ToolFailure("exponent out of range (|n| <= 999)");
            if (n < 0 && base.signum() == 0) throw new ToolFailure("division by zero");
            return base.pow(n, MC);
        }

        BigDecimal unary() throws ToolFailure {
            if (eat('-')) return unary().negate();
            if (eat('+')) return unary();
            if (eat('(')) {
                BigDecimal v = sum();
                if (!eat(')')) throw new ToolFailure("missing ')' at position " + pos);
                return v;
            }
            skip();
            int start = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) pos++;
            if (start == pos) throw new ToolFailure(pos < s.length() ? "unexpected '" + s.charAt(pos) + "' at position " + pos : "expression ends early");
            try {
                return new BigDecimal(s.substring(start, pos));
            } catch (NumberFormatException e) {
                throw new ToolFailure("bad number '" + s.substring(start, pos) + "'");
            }
        }
    }
}
