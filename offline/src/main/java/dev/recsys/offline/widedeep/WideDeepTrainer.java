package dev.recsys.offline.widedeep;

import dev.recsys.transform.widedeep.WideDeepEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains a {@link WideDeepModel} by mini-batch gradient descent on the binary log loss, all in
 * Java: forward and backward passes by hand over float arrays, Adam for the MLP, lazy Adam (only
 * the rows a batch touches, as TensorFlow's LazyAdam) with L2 for the embedding and wide tables.
 *
 * <p>Parallelism is synchronous gradient averaging: each batch is cut into {@code threads} equal
 * contiguous shards, each worker sums its shard's gradients into its own buffers, and the main
 * thread adds the buffers in worker order before one update. The result is therefore a function
 * of the seed and the thread count only, never of scheduling; with one thread it is fully
 * sequential.
 *
 * <p>Not thread-safe; one {@link #train} call at a time.
 */
public final class WideDeepTrainer {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;

  /** Receives the model after each epoch, e.g. to log a validation metric. */
  @FunctionalInterface
  public interface EpochListener {
    void epochDone(int epoch, double trainLogloss, double seconds, WideDeepModel model);
  }

  private final WideDeepConfig config;

  public WideDeepTrainer(WideDeepConfig config) {
    this.config = config;
  }

  public WideDeepModel train(WideDeepEncoder encoder, TrainingRows rows, EpochListener listener) {
    WideDeepModel model = WideDeepModel.initialise(encoder, config);
    train(model, rows, listener);
    return model;
  }

  /** Continues training {@code model} for {@code config.epochs()} epochs. */
  void train(WideDeepModel model, TrainingRows rows, EpochListener listener) {
    int threads = config.threads();
    Worker[] workers = new Worker[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Worker(model, rows);
    }
    Optimizer optimizer = new Optimizer(model, config);
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
      Thread th = new Thread(r, "widedeep-worker");
      th.setDaemon(true);
      return th;
    }) : null;
    try {
      int[] order = new int[rows.rows()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      int batch = config.batchSize();
      for (int epoch = 1; epoch <= config.epochs(); epoch++) {
        long started = System.nanoTime();
        shuffle(order, new SplittableRandom(config.seed() * 31 + epoch));
        optimizer.scale = (float) Math.pow(config.decay(), epoch - 1);
        double loss = 0;
        for (int from = 0; from < order.length; from += batch) {
          int to = Math.min(order.length, from + batch);
          float scale = 1f / (to - from);
          List<Future<?>> pending = new ArrayList<>(threads - 1);
          int shard = (to - from + threads - 1) / threads;
          for (int t = 1; t < threads; t++) {
            Worker w = workers[t];
            int a = Math.min(to, from + t * shard);
            int b = Math.min(to, a + shard);
            pending.add(pool.submit(() -> w.accumulate(order, a, b, scale)));
          }
          workers[0].accumulate(order, from, Math.min(to, from + shard), scale);
          for (Future<?> f : pending) {
            await(f);
          }
          for (Worker w : workers) {
            loss += w.grad.loss;
          }
          optimizer.step(workers);
          for (Worker w : workers) {
            w.grad.clear();
          }
        }
        if (listener != null) {
          listener.epochDone(epoch, loss / order.length, (System.nanoTime() - started) / 1e9, model);
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("training interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a training worker failed: " + e.getCause(), e.getCause());
    }
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Log loss of one row from its logit, computed stably. */
  static double logloss(float logit, int label) {
    // -log(sigmoid(z)) = softplus(-z); -log(1 - sigmoid(z)) = softplus(z)
    double z = label == 1 ? -logit : logit;
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  /** One thread's pass and gradient buffers. */
  static final class Worker {
    final WideDeepModel.Pass pass;
    final Gradients grad;
    final TrainingRows rows;

    Worker(WideDeepModel model, TrainingRows rows) {
      this.pass = new WideDeepModel.Pass(model);
      this.grad = new Gradients(model);
      this.rows = rows;
    }

    /** Sums {@code scale *} the gradients of rows {@code order[from..to)}. */
    void accumulate(int[] order, int from, int to, float scale) {
      int c = TrainingRows.CATEGORICAL_WIDTH;
      int w = TrainingRows.WIDE_WIDTH;
      int d = TrainingRows.DENSE_WIDTH;
      for (int k = from; k < to; k++) {
        int r = order[k];
        float logit = pass.forward(rows.categorical(), r * c, rows.wide(), r * w, rows.dense(), r * d);
        int y = rows.labels()[r];
        grad.loss += logloss(logit, y);
        float g = (WideDeepModel.sigmoid(logit) - y) * scale;
        pass.backward(g, rows.categorical(), r * c, rows.wide(), r * w, grad);
      }
    }
  }

  /** Adam moments for every parameter and the update rule. */
  static final class Optimizer {
    private final WideDeepModel m;
    private final float lr;
    private final float sparseLr;
    private final float l2;
    private final float[][] params;
    private final float[][] mom1;
    private final float[][] mom2;
    private final float[] embM;
    private final float[] embV;
    private final float[] wideM;
    private final float[] wideV;
    private final boolean[] embSeen;
    private final boolean[] wideSeen;
    private final float[] sum;
    private int step;
    /** Multiplies both step sizes (the per-epoch decay). */
    float scale = 1;

    Optimizer(WideDeepModel m, WideDeepConfig config) {
      this.m = m;
      lr = (float) config.learningRate();
      sparseLr = (float) config.sparseLearningRate();
      l2 = (float) config.l2();
      params = new float[][] {m.w1, m.b1, m.w2, m.b2, m.w3, m.b3};
      mom1 = new float[params.length][];
      mom2 = new float[params.length][];
      for (int p = 0; p < params.length; p++) {
        mom1[p] = new float[params[p].length];
        mom2[p] = new float[params[p].length];
      }
      embM = new float[m.embeddings.length];
      embV = new float[m.embeddings.length];
      wideM = new float[m.wideWeights.length];
      wideV = new float[m.wideWeights.length];
      embSeen = new boolean[m.embeddings.length / m.dim];
      wideSeen = new boolean[m.wideWeights.length];
      sum = new float[m.w1.length];
    }

    void step(Worker[] workers) {
      step++;
      float c1 = (float) (1 - Math.pow(BETA1, step));
      float c2 = (float) (1 - Math.pow(BETA2, step));
      float denseStep = scale * lr * (float) Math.sqrt(c2) / c1;
      float sparseStep = scale * sparseLr * (float) Math.sqrt(c2) / c1;
      for (int p = 0; p < params.length; p++) {
        float[] w = params[p];
        int n = w.length;
        System.arraycopy(gradOf(workers[0].grad, p), 0, sum, 0, n);
        for (int t = 1; t < workers.length; t++) {
          float[] g = gradOf(workers[t].grad, p);
          for (int i = 0; i < n; i++) {
            sum[i] += g[i];
          }
        }
        adam(w, mom1[p], mom2[p], sum, 0, 0, n, denseStep, 0);
      }
      int dim = m.dim;
      float[] g = new float[dim];
      for (Worker first : workers) {
        Gradients src = first.grad;
        for (int k = 0; k < src.embCount; k++) {
          int row = src.embRows[k];
          if (embSeen[row]) {
            continue;
          }
          embSeen[row] = true;
          java.util.Arrays.fill(g, 0f);
          for (Worker wk : workers) {
            float[] e = wk.grad.embeddings;
            for (int d = 0; d < dim; d++) {
              g[d] += e[row * dim + d];
            }
          }
          adam(m.embeddings, embM, embV, g, 0, row * dim, dim, sparseStep, l2);
        }
        float[] one = new float[1];
        for (int k = 0; k < src.wideCount; k++) {
          int idx = src.wideRows[k];
          if (wideSeen[idx]) {
            continue;
          }
          wideSeen[idx] = true;
          one[0] = 0;
          for (Worker wk : workers) {
            one[0] += wk.grad.wide[idx];
          }
          adam(m.wideWeights, wideM, wideV, one, 0, idx, 1, sparseStep, l2);
        }
      }
      for (Worker w : workers) {
        for (int k = 0; k < w.grad.embCount; k++) {
          embSeen[w.grad.embRows[k]] = false;
        }
        for (int k = 0; k < w.grad.wideCount; k++) {
          wideSeen[w.grad.wideRows[k]] = false;
        }
      }
    }

    private static float[] gradOf(Gradients g, int p) {
      return switch (p) {
        case 0 -> g.w1;
        case 1 -> g.b1;
        case 2 -> g.w2;
        case 3 -> g.b2;
        case 4 -> g.w3;
        default -> g.b3;
      };
    }

    /** Adam on {@code w[off .. off+n)} with gradient {@code g[gOff ..]} (+ l2 * w). */
    private static void adam(float[] w, float[] m1, float[] m2, float[] g, int gOff, int off, int n, float stepSize,
        float l2) {
      for (int i = 0; i < n; i++) {
        int j = off + i;
        float gi = g[gOff + i] + l2 * w[j];
        m1[j] = BETA1 * m1[j] + (1 - BETA1) * gi;
        m2[j] = BETA2 * m2[j] + (1 - BETA2) * gi * gi;
        w[j] -= stepSize * m1[j] / ((float) Math.sqrt(m2[j]) + EPS);
      }
    }
  }
}
