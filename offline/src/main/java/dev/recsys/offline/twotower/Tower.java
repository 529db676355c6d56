package dev.recsys.offline.twotower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One tower: embedding lookups concatenated, one ReLU hidden layer (or none), a linear output
 * layer, and L2 normalisation.
 *
 * <pre>
 * x  = [field_0 | field_1 | ...]          field = table[id], or the mean of table[id] over the
 *                                          non-padding ids of a width-L field (sequence pooling)
 * z1 = x W1 + b1,  a1 = relu(z1)          (hidden > 0 only)
 * z2 = a1 W2 + b2  (or x W2 + b2)
 * y  = z2 / sqrt(max(|z2|^2, EPS))
 * </pre>
 *
 * Weights are stored [in][out], row-major, which is ONNX MatMul's layout. Forward and backward
 * work on a range of examples so several threads can share a batch; each thread passes its own
 * dense gradient buffers ({@link #newGradients()}), reduced afterwards in thread order. Embedding
 * gradients are scattered by one thread ({@link #scatter}). Not thread-safe otherwise.
 */
final class Tower {

  static final float NORM_EPS = 1e-12f;

  /** A lookup: width 1 is one id per example; width > 1 is a mean over ids, skipping {@code padding}. */
  record Field(String name, Param table, int width, int padding) {
    int dim() {
      return table.cols;
    }
  }

  /** Per-batch activations; sized for a batch, reused while the batch size stays the same. */
  static final class Activations {
    final int n;
    final float[] x;
    final float[] z1;
    final float[] z2;
    final float[] norm;
    final float[] y;
    final float[] gy;
    final float[] gx;

    Activations(Tower t, int n) {
      this.n = n;
      x = new float[n * t.in];
      z1 = new float[n * Math.max(1, t.hidden)];
      z2 = new float[n * t.out];
      norm = new float[n];
      y = new float[n * t.out];
      gy = new float[n * t.out];
      gx = new float[n * t.in];
    }
  }

  final Field[] fields;
  final int in;
  final int hidden;
  final int out;
  final Param w1;
  final Param b1;
  final Param w2;
  final Param b2;
  /** W1 and W2 transposed, refreshed by {@link #prepareBackward()} so backward runs axpy loops, not dot products. */
  private final float[] w1t;
  private final float[] w2t;

  Tower(String name, Field[] fields, int hidden, int out) {
    this.fields = fields;
    int sum = 0;
    for (Field f : fields) {
      sum += f.dim();
    }
    this.in = sum;
    this.hidden = hidden;
    this.out = out;
    this.w1 = hidden > 0 ? new Param(name + ".w1", in, hidden, false) : null;
    this.b1 = hidden > 0 ? new Param(name + ".b1", 1, hidden, false) : null;
    int last = hidden > 0 ? hidden : in;
    this.w2 = new Param(name + ".w2", last, out, false);
    this.b2 = new Param(name + ".b2", 1, out, false);
    this.w1t = hidden > 0 ? new float[in * hidden] : null;
    this.w2t = new float[last * out];
  }

  /** Call once per step, after the weights last changed and before {@link #backward}. */
  void prepareBackward() {
    if (w1 != null) {
      transpose(w1.value, in, hidden, w1t);
    }
    transpose(w2.value, w2.rows, out, w2t);
  }

  private static void transpose(float[] w, int rows, int cols, float[] t) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = w[r * cols + c];
      }
    }
  }

  /** Embeddings ~ N(0, initScale^2) (padding rows stay 0); weights Glorot-uniform; biases 0. */
  void initialise(SplittableRandom rng, double initScale) {
    for (Field f : fields) {
      float[] t = f.table().value;
      for (int i = 0; i < t.length; i++) {
        t[i] = (float) (initScale * gaussian(rng));
      }
      if (f.padding() >= 0) {
        Arrays.fill(t, f.padding() * f.dim(), (f.padding() + 1) * f.dim(), 0f);
      }
    }
    if (w1 != null) {
      glorot(w1, rng);
    }
    glorot(w2, rng);
  }

  List<Param> params() {
    List<Param> p = new ArrayList<>();
    for (Field f : fields) {
      p.add(f.table());
    }
    if (w1 != null) {
      p.add(w1);
      p.add(b1);
    }
    p.add(w2);
    p.add(b2);
    return p;
  }

  /** Gradient buffers for one thread: {gw1, gb1, gw2, gb2} (the first two empty without a hidden layer). */
  float[][] newGradients() {
    return new float[][] {
        new float[w1 == null ? 0 : w1.value.length], new float[b1 == null ? 0 : b1.value.length],
        new float[w2.value.length], new float[b2.value.length]};
  }

  /** Forward pass for examples {@code [from, to)}; {@code ids[f]} holds field f's ids, width per example. */
  void forward(int[][] ids, Activations a, int from, int to) {
    float[] h = new float[Math.max(1, hidden)];
    for (int b = from; b < to; b++) {
      int xo = b * in;
      int off = 0;
      for (int f = 0; f < fields.length; f++) {
        Field field = fields[f];
        lookup(field, ids[f], b, a.x, xo + off);
        off += field.dim();
      }
      int zo = b * out;
      if (hidden > 0) {
        int ho = b * hidden;
        affine(a.x, xo, in, w1.value, b1.value, hidden, a.z1, ho);
        for (int j = 0; j < hidden; j++) {
          h[j] = Math.max(0f, a.z1[ho + j]);
        }
        affine(h, 0, hidden, w2.value, b2.value, out, a.z2, zo);
      } else {
        affine(a.x, xo, in, w2.value, b2.value, out, a.z2, zo);
      }
      float ss = 0;
      for (int o = 0; o < out; o++) {
        ss += a.z2[zo + o] * a.z2[zo + o];
      }
      float norm = (float) Math.sqrt(Math.max(ss, NORM_EPS));
      a.norm[b] = norm;
      for (int o = 0; o < out; o++) {
        a.y[zo + o] = a.z2[zo + o] / norm;
      }
    }
  }

  /**
   * Backward pass for examples {@code [from, to)} from {@code a.gy}: accumulates dense weight
   * gradients into {@code g} (from {@link #newGradients()}) and writes the input gradient to {@code a.gx}.
   */
  void backward(Activations a, float[][] g, int from, int to) {
    float[] gz2 = new float[out];
    float[] h = new float[Math.max(1, hidden)];
    float[] gz1 = new float[Math.max(1, hidden)];
    for (int b = from; b < to; b++) {
      int zo = b * out;
      int xo = b * in;
      float norm = a.norm[b];
      // d(z/|z|)/dz = (I - y y^T) / |z|; below EPS the norm is a constant and only 1/|z| remains.
      float dot = 0;
      boolean clamped = norm * norm <= NORM_EPS;
      if (!clamped) {
        for (int o = 0; o < out; o++) {
          dot += a.y[zo + o] * a.gy[zo + o];
        }
      }
      for (int o = 0; o < out; o++) {
        gz2[o] = (a.gy[zo + o] - a.y[zo + o] * dot) / norm;
        g[3][o] += gz2[o];
      }
      if (hidden > 0) {
        int ho = b * hidden;
        for (int j = 0; j < hidden; j++) {
          h[j] = Math.max(0f, a.z1[ho + j]);
        }
        outerAdd(h, 0, hidden, gz2, out, g[2]);
        // ga1 = W2 gz2, then the ReLU gate.
        Arrays.fill(gz1, 0f);
        combine(w2t, hidden, gz2, out, gz1, 0);
        for (int j = 0; j < hidden; j++) {
          if (a.z1[ho + j] <= 0) {
            gz1[j] = 0;
          }
          g[1][j] += gz1[j];
        }
        outerAdd(a.x, xo, in, gz1, hidden, g[0]);
        Arrays.fill(a.gx, xo, xo + in, 0f);
        combine(w1t, in, gz1, hidden, a.gx, xo);
      } else {
        outerAdd(a.x, xo, in, gz2, out, g[2]);
        Arrays.fill(a.gx, xo, xo + in, 0f);
        combine(w2t, in, gz2, out, a.gx, xo);
      }
    }
  }

  /** Adds one thread's dense gradients into the parameters' accumulators. */
  void reduce(float[][] g) {
    if (w1 != null) {
      add(w1.grad, g[0]);
      add(b1.grad, g[1]);
    }
    add(w2.grad, g[2]);
    add(b2.grad, g[3]);
    for (float[] buf : g) {
      Arrays.fill(buf, 0f);
    }
  }

  /** Scatters {@code a.gx} of examples {@code [0, n)} into the embedding tables' row gradients, in order. */
  void scatter(int[][] ids, Activations a, int n) {
    for (int b = 0; b < n; b++) {
      int off = b * in;
      for (int f = 0; f < fields.length; f++) {
        Field field = fields[f];
        int[] fid = ids[f];
        if (field.width() == 1) {
          field.table().addRowGrad(fid[b], a.gx, off, 1f);
        } else {
          int base = b * field.width();
          int count = 0;
          for (int t = 0; t < field.width(); t++) {
            count += fid[base + t] == field.padding() ? 0 : 1;
          }
          if (count > 0) {
            float scale = 1f / count;
            for (int t = 0; t < field.width(); t++) {
              int id = fid[base + t];
              if (id != field.padding()) {
                field.table().addRowGrad(id, a.gx, off, scale);
              }
            }
          }
        }
        off += field.dim();
      }
    }
  }

  private static void lookup(Field field, int[] fid, int b, float[] x, int xo) {
    float[] t = field.table().value;
    int dim = field.dim();
    int rows = field.table().rows;
    if (field.width() == 1) {
      int id = checkId(field, fid[b], rows);
      System.arraycopy(t, id * dim, x, xo, dim);
      return;
    }
    Arrays.fill(x, xo, xo + dim, 0f);
    int count = 0;
    int base = b * field.width();
    for (int k = 0; k < field.width(); k++) {
      int id = checkId(field, fid[base + k], rows);
      if (id == field.padding()) {
        continue;
      }
      count++;
      int r = id * dim;
      for (int d = 0; d < dim; d++) {
        x[xo + d] += t[r + d];
      }
    }
    // Sum then divide, the order the ONNX graph uses (ReduceSum, Div by max(count, 1)).
    float c = Math.max(count, 1);
    for (int d = 0; d < dim; d++) {
      x[xo + d] /= c;
    }
  }

  private static int checkId(Field field, int id, int rows) {
    if (id < 0 || id >= rows) {
      throw new IllegalArgumentException(field.name() + " id " + id + " is out of range [0, " + rows + ")");
    }
    return id;
  }

  /** {@code z[zo..zo+m) = b + x[xo..xo+n) W}, W [n][m]; the inner loop is an axpy the JIT vectorises. */
  private static void affine(float[] x, int xo, int n, float[] w, float[] bias, int m, float[] z, int zo) {
    System.arraycopy(bias, 0, z, zo, m);
    for (int i = 0; i < n; i++) {
      float xi = x[xo + i];
      if (xi == 0f) {
        continue;
      }
      int r = i * m;
      for (int j = 0; j < m; j++) {
        z[zo + j] += xi * w[r + j];
      }
    }
  }

  /** {@code g[i][j] += x[xo+i] * d[j]}. */
  private static void outerAdd(float[] x, int xo, int n, float[] d, int m, float[] g) {
    for (int i = 0; i < n; i++) {
      float xi = x[xo + i];
      if (xi == 0f) {
        continue;
      }
      int r = i * m;
      for (int j = 0; j < m; j++) {
        g[r + j] += xi * d[j];
      }
    }
  }

  /** {@code out[oo..oo+n) += sum_j d[j] * T[j][0..n)}, T = W^T [m][n]: axpy rows, which the JIT vectorises. */
  private static void combine(float[] t, int n, float[] d, int m, float[] outv, int oo) {
    for (int j = 0; j < m; j++) {
      float dj = d[j];
      if (dj == 0f) {
        continue;
      }
      int r = j * n;
      for (int i = 0; i < n; i++) {
        outv[oo + i] += dj * t[r + i];
      }
    }
  }

  private static void add(float[] dst, float[] src) {
    for (int i = 0; i < dst.length; i++) {
      dst[i] += src[i];
    }
  }

  private static void glorot(Param p, SplittableRandom rng) {
    double limit = Math.sqrt(6.0 / (p.rows + p.cols));
    for (int i = 0; i < p.value.length; i++) {
      p.value[i] = (float) ((2 * rng.nextDouble() - 1) * limit);
    }
  }

  /** Box-Muller, so the initialisation does not depend on the JDK's nextGaussian. */
  static double gaussian(SplittableRandom rng) {
    double u1 = 1 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
