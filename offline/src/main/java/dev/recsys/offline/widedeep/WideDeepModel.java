package dev.recsys.offline.widedeep;

import dev.recsys.transform.widedeep.TensorSpec;
import dev.recsys.transform.widedeep.WideDeepBatch;
import dev.recsys.transform.widedeep.WideDeepEncoder;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Wide&amp;Deep click model over the {@value WideDeepEncoder#CONTRACT} inputs:
 *
 * <pre>
 * e_f    = E[offset_f + categorical_f]                    one embedding table, a row range per field
 * p_k    = e_a(k) * e_b(k)                                element-wise, for each configured pair k
 * x      = [e_0 .. e_6, p_0 .. p_K-1, dense]
 * deep   = w3 . relu(W2' relu(W1' x + b1) + b2) + b3
 * wide   = sum_j V[wideOffset_j + wide_j]                 one weight per wide index
 * fm     = sum_k sum_d p_k[d]                             dot products of the paired embeddings
 * p      = sigmoid(wide + deep + fm)
 * </pre>
 *
 * Weights are float arrays laid out as ONNX wants them ({@code W1} is {@code in x hidden1},
 * row-major), so {@link WideDeepOnnx} writes them without reshuffling.
 *
 * <p>Not thread-safe while {@link WideDeepTrainer} trains it; afterwards {@link #predict} may be
 * called from any number of threads.
 */
public final class WideDeepModel {

  final int dim;
  final int hidden1;
  final int hidden2;
  final int[] catCardinality;
  final int[] catOffset;
  final int[] wideCardinality;
  final int[] wideOffset;
  final int denseWidth;
  /** Categorical column pairs whose embeddings are multiplied. */
  final int[][] pairs;
  final int inputWidth;

  final float[] embeddings;
  final float[] wideWeights;
  final float[] w1;
  final float[] b1;
  final float[] w2;
  final float[] b2;
  final float[] w3;
  final float[] b3;

  private final WideDeepConfig config;

  /**
   * A freshly initialised model for the encoder's inputs: He-uniform MLP weights, embeddings
   * N(0, 0.05^2) except each field's row 0 (missing/OOV), which starts at zero, wide weights 0.
   */
  public static WideDeepModel initialise(WideDeepEncoder encoder, WideDeepConfig config) {
    return new WideDeepModel(encoder, config);
  }

  private WideDeepModel(WideDeepEncoder encoder, WideDeepConfig config) {
    this.config = config;
    TensorSpec cat = encoder.input(WideDeepEncoder.CATEGORICAL);
    TensorSpec wide = encoder.input(WideDeepEncoder.WIDE);
    dim = config.embeddingDim();
    hidden1 = config.hidden1();
    hidden2 = config.hidden2();
    catCardinality = cat.cardinalities().stream().mapToInt(Integer::intValue).toArray();
    catOffset = offsets(catCardinality);
    wideCardinality = wide.cardinalities().stream().mapToInt(Integer::intValue).toArray();
    wideOffset = offsets(wideCardinality);
    denseWidth = encoder.input(WideDeepEncoder.DENSE).width();
    pairs = new int[config.interactions().size()][];
    for (int k = 0; k < pairs.length; k++) {
      List<String> p = config.interactions().get(k);
      pairs[k] = new int[] {cat.fields().indexOf(p.get(0)), cat.fields().indexOf(p.get(1))};
    }
    inputWidth = (catCardinality.length + pairs.length) * dim + denseWidth;

    SplittableRandom rng = new SplittableRandom(config.seed());
    embeddings = new float[catOffset[catOffset.length - 1] * dim];
    for (int f = 0; f < catCardinality.length; f++) {
      for (int r = 1; r < catCardinality[f]; r++) {
        int base = (catOffset[f] + r) * dim;
        for (int d = 0; d < dim; d++) {
          embeddings[base + d] = (float) (0.05 * gaussian(rng));
        }
      }
    }
    wideWeights = new float[wideOffset[wideOffset.length - 1]];
    w1 = heUniform(rng, inputWidth, hidden1);
    b1 = new float[hidden1];
    w2 = heUniform(rng, hidden1, hidden2);
    b2 = new float[hidden2];
    w3 = heUniform(rng, hidden2, 1);
    b3 = new float[1];
  }

  /** Start offsets of each field's rows in one concatenated table; the last entry is the total. */
  private static int[] offsets(int[] cardinality) {
    int[] off = new int[cardinality.length + 1];
    for (int f = 0; f < cardinality.length; f++) {
      off[f + 1] = Math.addExact(off[f], cardinality[f]);
    }
    return off;
  }

  private static float[] heUniform(SplittableRandom rng, int in, int out) {
    double limit = Math.sqrt(6.0 / in);
    float[] w = new float[in * out];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((2 * rng.nextDouble() - 1) * limit);
    }
    return w;
  }

  private static double gaussian(SplittableRandom rng) {
    double u1 = 1 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  public WideDeepConfig config() {
    return config;
  }

  /** Number of trainable parameters. */
  public long parameterCount() {
    return (long) embeddings.length + wideWeights.length + w1.length + b1.length + w2.length + b2.length
        + w3.length + b3.length;
  }

  /** Click probabilities of the batch's rows: the same numbers the exported ONNX model gives. */
  public float[] predict(WideDeepBatch batch) {
    Pass pass = new Pass(this);
    int c = catCardinality.length;
    int w = wideCardinality.length;
    int[] cat = new int[c];
    int[] wide = new int[w];
    float[] out = new float[batch.rows()];
    for (int r = 0; r < out.length; r++) {
      for (int f = 0; f < c; f++) {
        cat[f] = checked(batch.categorical()[r * c + f], catCardinality[f], r, "categorical", f);
      }
      for (int f = 0; f < w; f++) {
        wide[f] = checked(batch.wide()[r * w + f], wideCardinality[f], r, "wide", f);
      }
      out[r] = sigmoid(pass.forward(cat, 0, wide, 0, batch.dense(), r * denseWidth));
    }
    return out;
  }

  private static int checked(long index, int cardinality, int row, String tensor, int field) {
    if (index < 0 || index >= cardinality) {
      throw new IllegalArgumentException(tensor + "[" + row + ", " + field + "] = " + index
          + " is outside [0, " + cardinality + ")");
    }
    return (int) index;
  }

  static float sigmoid(float logit) {
    return (float) (1 / (1 + Math.exp(-logit)));
  }

  /**
   * Scratch buffers for one row's forward and backward pass; one per thread. The forward pass
   * keeps its activations so that {@code backward} can use them.
   */
  static final class Pass {
    final WideDeepModel m;
    final float[] x;
    final float[] h1;
    final float[] h2;
    final float[] dx;
    final float[] dh1;
    final float[] dh2;

    Pass(WideDeepModel m) {
      this.m = m;
      x = new float[m.inputWidth];
      h1 = new float[m.hidden1];
      h2 = new float[m.hidden2];
      dx = new float[m.inputWidth];
      dh1 = new float[m.hidden1];
      dh2 = new float[m.hidden2];
    }

    /** The logit of one row; {@code cat}/{@code wide} hold field-local indices. */
    float forward(int[] cat, int catOff, int[] wide, int wideOff, float[] dense, int denseOff) {
      WideDeepModel m = this.m;
      int dim = m.dim;
      int fields = m.catCardinality.length;
      for (int f = 0; f < fields; f++) {
        System.arraycopy(m.embeddings, (m.catOffset[f] + cat[catOff + f]) * dim, x, f * dim, dim);
      }
      float fm = 0;
      int po = fields * dim;
      for (int k = 0; k < m.pairs.length; k++) {
        int a = m.pairs[k][0] * dim;
        int b = m.pairs[k][1] * dim;
        int o = po + k * dim;
        for (int d = 0; d < dim; d++) {
          float v = x[a + d] * x[b + d];
          x[o + d] = v;
          fm += v;
        }
      }
      System.arraycopy(dense, denseOff, x, po + m.pairs.length * dim, m.denseWidth);

      layer(x, m.inputWidth, m.w1, m.b1, h1);
      layer(h1, m.hidden1, m.w2, m.b2, h2);
      float deep = m.b3[0];
      for (int j = 0; j < h2.length; j++) {
        deep += h2[j] * m.w3[j];
      }
      float wideSum = 0;
      for (int j = 0; j < m.wideOffset.length - 1; j++) {
        wideSum += m.wideWeights[m.wideOffset[j] + wide[wideOff + j]];
      }
      return wideSum + deep + fm;
    }

    /**
     * Adds the gradient of the loss with respect to every parameter the last {@link #forward}
     * touched, given {@code g} = dLoss/dLogit of that row, into {@code grad}.
     */
    void backward(float g, int[] cat, int catOff, int[] wide, int wideOff, Gradients grad) {
      WideDeepModel m = this.m;
      int dim = m.dim;
      int fields = m.catCardinality.length;
      int h1n = m.hidden1;
      int h2n = m.hidden2;

      for (int j = 0; j < m.wideOffset.length - 1; j++) {
        grad.touchWide(m.wideOffset[j] + wide[wideOff + j], g);
      }

      grad.b3[0] += g;
      for (int j = 0; j < h2n; j++) {
        grad.w3[j] += g * h2[j];
        dh2[j] = h2[j] > 0 ? g * m.w3[j] : 0;
      }
      for (int j = 0; j < h2n; j++) {
        grad.b2[j] += dh2[j];
      }
      for (int i = 0; i < h1n; i++) {
        float hi = h1[i];
        int base = i * h2n;
        float acc = 0;
        for (int j = 0; j < h2n; j++) {
          grad.w2[base + j] += hi * dh2[j];
          acc += m.w2[base + j] * dh2[j];
        }
        dh1[i] = hi > 0 ? acc : 0;
      }
      for (int j = 0; j < h1n; j++) {
        grad.b1[j] += dh1[j];
      }
      // Only the embedding and product part of x needs dLoss/dx; dense inputs are data.
      int embWidth = (fields + m.pairs.length) * dim;
      for (int k = 0; k < m.inputWidth; k++) {
        float xk = x[k];
        int base = k * h1n;
        for (int j = 0; j < h1n; j++) {
          grad.w1[base + j] += xk * dh1[j];
        }
      }
      for (int k = 0; k < embWidth; k++) {
        dx[k] = dot(m.w1, k * h1n, dh1, h1n);
      }
      // Products: p = e_a * e_b feeds the MLP (dx) and the fm sum (g).
      int po = fields * dim;
      for (int k = 0; k < m.pairs.length; k++) {
        int a = m.pairs[k][0] * dim;
        int b = m.pairs[k][1] * dim;
        int o = po + k * dim;
        for (int d = 0; d < dim; d++) {
          float dp = dx[o + d] + g;
          dx[a + d] += dp * x[b + d];
          dx[b + d] += dp * x[a + d];
        }
      }
      for (int f = 0; f < fields; f++) {
        grad.touchEmbedding(m.catOffset[f] + cat[catOff + f], dx, f * dim);
      }
    }

    /** sum_j w[base + j] * v[j] with four accumulators (C2 does not vectorise float sums). */
    private static float dot(float[] w, int base, float[] v, int n) {
      float s0 = 0;
      float s1 = 0;
      float s2 = 0;
      float s3 = 0;
      int j = 0;
      for (; j + 3 < n; j += 4) {
        s0 += w[base + j] * v[j];
        s1 += w[base + j + 1] * v[j + 1];
        s2 += w[base + j + 2] * v[j + 2];
        s3 += w[base + j + 3] * v[j + 3];
      }
      for (; j < n; j++) {
        s0 += w[base + j] * v[j];
      }
      return (s0 + s1) + (s2 + s3);
    }

    /** out = relu(in W + b) with W row-major {@code inWidth x out.length}. */
    private static void layer(float[] in, int inWidth, float[] w, float[] b, float[] out) {
      int n = out.length;
      System.arraycopy(b, 0, out, 0, n);
      for (int k = 0; k < inWidth; k++) {
        float v = in[k];
        int base = k * n;
        for (int j = 0; j < n; j++) {
          out[j] += v * w[base + j];
        }
      }
      for (int j = 0; j < n; j++) {
        if (out[j] < 0) {
          out[j] = 0;
        }
      }
    }
  }
}
