package dev.recsys.offline.recall;

/**
 * A recall source as the offline evaluation sees it: for a user (row index into the dataset's
 * users), up to {@code k} item row indices, best first, with no item from the user's training
 * history ({@link UserHistory}) and no duplicates. A user without history still gets an answer
 * (each source documents its fallback), never an exception. Implementations are thread-safe:
 * the evaluator calls {@link #topK} from several threads.
 */
public interface CandidateSource {

  /** Short stable name used in reports and file names, e.g. {@code itemcf}. */
  String name();

  int[] topK(int user, int k);
}
