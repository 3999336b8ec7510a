package io.computebroker.classify.task;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The binary model format, and the quantisation that produces what it stores.
 *
 * <pre>
 * gzip(
 *   int    magic "CBTC", int format version
 *   int    feature extractor version, byte hash bits, int head chars, int tail chars
 *   byte   class count K, then K class names (writeUTF, wire form)
 *   K      float bias
 *   int    rows stored
 *   rows:  varint bucket delta from the previous stored row, float scale, K signed bytes
 * )
 * </pre>
 * Only buckets some feature uses are stored (sparse), at one byte per weight; class names are stored
 * so a file stays readable if {@link TaskClass} gains or reorders constants, and a file whose classes
 * differ from the enum is refused rather than misread.
 */
final class ModelFile {
    private static final int MAGIC = 0x43425443;   // "CBTC"
    private static final int FORMAT = 1;

    private ModelFile() {}

    /**
     * Rounds trained float weights to the stored form: per bucket, scale = max |w| / 127 and
     * w ≈ scale · round(w / scale). Buckets whose largest |weight| is below {@code minRowMax} are dropped:
     * mostly words seen once or twice in a long passage, which are most of the rows and carry little. On
     * the shipped data, dropping rows under 0.3 halves the file and costs about 0.1 point of held-out accuracy.
     */
    static TaskClassifier quantize(FeatureExtractor extractor, float[] w, float[] bias, float minRowMax) {
        int k = TaskClass.count();
        int buckets = extractor.buckets();
        byte[] q = new byte[buckets * k];
        float[] scale = new float[buckets];
        for (int b = 0; b < buckets; b++) {
            float max = 0;
            for (int c = 0; c < k; c++) max = Math.max(max, Math.abs(w[b * k + c]));
            if (max == 0 || max < minRowMax) continue;
            float s = max / 127f;
            scale[b] = s;
            for (int c = 0; c < k; c++) q[b * k + c] = (byte) Math.round(w[b * k + c] / s);
        }
        return new TaskClassifier(extractor, q, scale, bias.clone());
    }

    static void write(TaskClassifier m, OutputStream raw) throws IOException {
        FeatureExtractor fx = m.extractor();
        int k = TaskClass.count();
        GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(gz, 1 << 16));
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeInt(FeatureExtractor.VERSION);
        out.writeByte(fx.bits());
        out.writeInt(fx.headChars());
        out.writeInt(fx.tailChars());
        out.writeByte(k);
        for (int c = 0; c < k; c++) out.writeUTF(TaskClass.of(c).wire());
        for (int c = 0; c < k; c++) out.writeFloat(m.bias()[c]);
        float[] scale = m.rowScale();
        int rows = 0;
        for (float s : scale) if (s != 0) rows++;
        out.writeInt(rows);
        int last = 0;
        for (int b = 0; b < scale.length; b++) {
            if (scale[b] == 0) continue;
            writeVarint(out, b - last);
            last = b;
            out.writeFloat(scale[b]);
            out.write(m.weights(), b * k, k);
        }
        out.flush();
        gz.finish();
    }

    static TaskClassifier read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
        if (in.readInt() != MAGIC) throw new IOException("not a task model file (bad magic)");
        int format = in.readInt();
        if (format != FORMAT) throw new IOException("task model format " + format + " is not supported (expected " + FORMAT + ")");
        int fxVersion = in.readInt();
        if (fxVersion != FeatureExtractor.VERSION) {
            throw new IOException("task model was trained with feature extractor v" + fxVersion + ", this build has v"
                    + FeatureExtractor.VERSION + "; retrain it with `broker train-classifier`");
        }
        FeatureExtractor fx = new FeatureExtractor(in.readUnsignedByte(), in.readInt(), in.readInt());
        int fileClasses = in.readUnsignedByte();
        int k = TaskClass.count();
        int[] toOrdinal = new int[fileClasses];
        for (int c = 0; c < fileClasses; c++) toOrdinal[c] = TaskClass.parse(in.readUTF()).ordinal();
        if (fileClasses != k || Arrays.stream(toOrdinal).distinct().count() != k) {
            throw new IOException("task model has " + fileClasses + " classes; this build has " + k + "; retrain it");
        }
        float[] bias = new float[k];
        for (int c = 0; c < k; c++) bias[toOrdinal[c]] = in.readFloat();
        int buckets = fx.buckets();
        byte[] q = new byte[buckets * k];
        float[] scale = new float[buckets];
        int rows = in.readInt();
        int b = 0;
        byte[] row = new byte[k];
        for (int r = 0; r < rows; r++) {
            b += readVarint(in);
            if (b >= buckets) throw new IOException("corrupt task model: bucket " + b + " out of range");
            scale[b] = in.readFloat();
            in.readFully(row);
            for (int c = 0; c < k; c++) q[b * k + toOrdinal[c]] = row[c];
        }
        return new TaskClassifier(fx, q, scale, bias);
    }

    private static void writeVarint(DataOutputStream out, int v) throws IOException {
        while ((v & ~0x7f) != 0) {
            out.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static int readVarint(DataInputStream in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IOException("corrupt task model: varint too long");
    }
}
