package dev.recsys.offline.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.offline.data.Dataset;
import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.DatasetInfo;
import dev.recsys.offline.data.Users;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensImporterTest {

  @TempDir
  Path in;
  @TempDir
  Path out;

  private void latin1(String name, String text) throws Exception {
    Files.write(in.resolve(name), text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private void good1m() throws Exception {
    latin1("users.dat", "1::F::1::10::48067\n2::M::56::16::70072\n");
    latin1("movies.dat", "1::Toy Story (1995)::Animation|Children's|Comedy\n"
        + "2::Café, Society (1999)::Drama\n3::No Year::\n");
    latin1("ratings.dat", "1::1::5::978300760\n2::2::3::978300700\n1::2::4::978300760\n2::3::1::978300800\n");
  }

  @Test
  void importsMovieLens1m() throws Exception {
    good1m();
    Dataset d = MovieLensImporter.importTo(in, out);
    assertThat(d.users().ids()).containsExactly("1", "2");
    assertThat(d.users().genders()).containsExactly("F", "M");
    assertThat(d.users().ages()).containsExactly(1, 56);
    assertThat(d.users().occupations()).containsExactly(10, 16);
    assertThat(d.items().titles()).containsExactly("Toy Story", "Café  Society", "No Year");
    assertThat(d.items().categories()).containsExactly("Animation", "Drama", "unknown");
    assertThat(d.items().years()).containsExactly(1995, 1999, Users.MISSING);
    // Time order, ties in file order; label = rating >= 4.
    assertThat(d.interactions().timestamps()).containsExactly(978300700L, 978300760L, 978300760L, 978300800L);
    assertThat(d.interactions().ratings()).containsExactly(3, 5, 4, 1);
    assertThat(d.interactions().labels()).containsExactly(0, 1, 1, 0);

    String items = Files.readString(DatasetFiles.items(out), StandardCharsets.UTF_8);
    assertThat(items).contains("2,Café  Society,Drama,1999\n").contains("3,No Year,unknown,\n");
    assertThat(Files.readString(DatasetFiles.interactions(out))).startsWith(
        "user_id,item_id,timestamp,rating,label\n2,2,978300700,3,0\n1,1,978300760,5,1\n");
    assertThat(DatasetInfo.read(DatasetFiles.info(out)).source()).isEqualTo("movielens-1m");
    Dataset back = DatasetFiles.read(out);
    assertThat(back.items().titles()[1]).isEqualTo("Café  Society");
  }

  @Test
  void importsMovieLens100k() throws Exception {
    String flags0 = "|0".repeat(19);
    latin1("u.user", "1|24|M|technician|85711\n2|53|F|other|94043\n3|23|M|writer|32067\n4|24|M|technician|43537\n");
    latin1("u.item", "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
        + "2|Crème (1996)||||1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
        + "3|Heat (1995)|15-Dec-1995|||" + flags0.substring(1) + "\n");
    latin1("u.data", "1\t1\t4\t881250949\n2\t2\t2\t881250000\n3\t3\t5\t881251000\n");
    Dataset d = MovieLensImporter.importTo(in, out);
    // Occupation = index in the sorted distinct names: other=0, technician=1, writer=2.
    assertThat(d.users().occupations()).containsExactly(1, 0, 2, 1);
    assertThat(d.users().ages()).containsExactly(24, 53, 23, 24);
    assertThat(d.items().titles()).containsExactly("Toy Story", "Crème", "Heat");
    assertThat(d.items().categories()).containsExactly("Animation", "unknown", "unknown");
    assertThat(d.items().years()).containsExactly(1995, 1996, 1995);
    assertThat(d.interactions().labels()).containsExactly(0, 1, 1);
    assertThat(DatasetInfo.read(DatasetFiles.info(out)).source()).isEqualTo("movielens-100k");
  }

  @Test
  void wrongFieldCountNamesFileLineAndShape() throws Exception {
    good1m();
    latin1("ratings.dat", "1::1::5::978300760\n1::2::978300760\n");
    assertThatThrownBy(() -> MovieLensImporter.importTo(in, out))
        .hasMessageEndingWith("ratings.dat:2: expected 4 '::'-separated fields UserID::MovieID::Rating::Timestamp, found 3");
  }

  @Test
  void nonNumericAndOutOfRangeRatings() throws Exception {
    good1m();
    latin1("ratings.dat", "1::1::five::978300760\n");
    assertThatThrownBy(() -> MovieLensImporter.importTo(in, out))
        .hasMessageEndingWith("ratings.dat:1: expected Rating to be an integer, found 'five'");
    latin1("ratings.dat", "1::1::5::978300760\n\n1::1::6::978300760\n");
    assertThatThrownBy(() -> MovieLensImporter.importTo(in, out))
        .hasMessageEndingWith("ratings.dat:3: expected Rating 1..5, found 6");
  }

  @Test
  void unknownMovieAndUserIds() throws Exception {
    good1m();
    latin1("ratings.dat", "1::1::5::978300760\n1::42::5::978300760\n");
    assertThatThrownBy(() -> MovieLensImporter.importTo(in, out))
        .hasMessageEndingWith("ratings.dat:2: unknown MovieID '42' (not in movies.dat)");
    latin1("ratings.dat", "9::1::5::978300760\n");
    assertThatThrownBy(() -> MovieLensImporter.importTo(in, out))
        .hasMessageEndingWith("ratings.dat:1: unknown UserID '9' (not in users.dat)");
  }

  @Test
  void bad100kFiles() throws Exception {
    latin1("u.user", "1|24|M|technician|85711\n");
    latin1("u.item", "1|Toy Story (1995)|01-Jan-1995||http://x|0|0\n");
    latin1("u.data", "1\t1\t4\t881250949\n");
    assertThatThrownBy(() -> MovieLensImporter.importTo(in, out))
        .hasMessageContaining("u.item:1: expected 24 '|'-separated fields");
    latin1("u.item", "1|Toy Story (1995)|1995||http://x" + "|0".repeat(19) + "\n");
    assertThatThrownBy(() -> MovieLensImporter.importTo(in, out))
        .hasMessageEndingWith("u.item:1: expected release date dd-MMM-yyyy, found '1995'");
    latin1("u.item", "1|Toy Story (1995)|01-Jan-1995||http://x" + "|0".repeat(19) + "\n");
    latin1("u.data", "1\t1\t4\n");
    assertThatThrownBy(() -> MovieLensImporter.importTo(in, out))
        .hasMessageEndingWith("u.data:1: expected 4 'TAB'-separated fields user id<TAB>item id<TAB>rating<TAB>timestamp, found 3");
  }

  @Test
  void aDirectoryWithoutMovieLensFilesSaysWhatItNeeds() throws Exception {
    assertThatThrownBy(() -> MovieLensImporter.importTo(in, out))
        .hasMessageContaining("not a MovieLens directory").hasMessageContaining("ratings.dat")
        .hasMessageContaining("u.data");
    latin1("ratings.dat", "1::1::5::978300760\n");
    assertThatThrownBy(() -> MovieLensImporter.importTo(in, out))
        .hasMessageContaining("users.dat: not found");
  }
}
