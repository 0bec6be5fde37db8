// Tests of the aligner (align.h) and of its banded dynamic program (src/align_dp.h).
#include "tralign/align.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "align_dp.h"
#include "align_lexicon.h"
#include "tralign/error.h"

namespace {

using tralign::Alignment;
using tralign::AlignOptions;
using tralign::Bead;
using tralign::Document;
using Lengths = std::vector<std::uint32_t>;

// A document over `storage` (one segment per string, one paragraph per segment unless
// `paragraphs` gives them).
Document make_document(const std::vector<std::string>& segments, std::string& storage,
                       const std::vector<std::uint32_t>& paragraphs = {}) {
  storage.clear();
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (const std::string& s : segments) {
    spans.emplace_back(storage.size(), storage.size() + s.size());
    storage += s;
    storage += '\n';
  }
  Document doc;
  doc.text = storage;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    tralign::Segment seg;
    seg.begin = spans[k].first;
    seg.end = spans[k].second;
    seg.paragraph = paragraphs.empty() ? static_cast<std::uint32_t>(k) : paragraphs[k];
    std::uint32_t length = 0;
    for (unsigned char c : segments[k]) length += (c & 0xC0) != 0x80 ? 1 : 0;
    seg.length = length;
    doc.segments.push_back(seg);
  }
  return doc;
}

// Every segment of both sides in exactly one bead, in order, no 0-0 bead.
bool covers(const std::vector<Bead>& beads, std::size_t n, std::size_t m) {
  std::uint32_t i = 0, j = 0;
  for (const Bead& b : beads) {
    if (b.source_begin != i || b.target_begin != j) return false;
    if (b.source_end < b.source_begin || b.target_end < b.target_begin) return false;
    if (b.source_count() == 0 && b.target_count() == 0) return false;
    i = b.source_end;
    j = b.target_end;
  }
  return i == n && j == m;
}

double total_cost(const std::vector<Bead>& beads) {
  double total = 0.0;
  for (const Bead& b : beads) total += b.cost;
  return total;
}

// A translation-like pair: target lengths ≈ c·source with noise, with random splits, merges,
// omissions and additions.
std::pair<Lengths, Lengths> random_pair(std::mt19937& rng, std::size_t n, double c) {
  std::uniform_int_distribution<std::uint32_t> length(1, 200);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> noise(0.0, 1.0);
  Lengths source, target;
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t l = length(rng);
    source.push_back(l);
    const double r = unit(rng);
    const double t = std::max(1.0, c * l + noise(rng) * std::sqrt(6.8 * c * l));
    if (r < 0.05) continue;  // omitted
    if (r < 0.15) {          // split in two
      target.push_back(static_cast<std::uint32_t>(std::max(1.0, t * 0.4)));
      target.push_back(static_cast<std::uint32_t>(std::max(1.0, t * 0.6)));
    } else {
      target.push_back(static_cast<std::uint32_t>(t));
    }
    if (unit(rng) < 0.05) target.push_back(length(rng));  // added
  }
  return {source, target};
}

// Strict F1 of beads against gold beads, as score_alignments.py computes it.
using BeadKey = std::pair<std::vector<int>, std::vector<int>>;
std::vector<BeadKey> read_beads(const std::string& path) {
  std::vector<BeadKey> beads;
  std::ifstream in(path);
  std::string line;
  auto ids = [](const std::string& s) {
    std::vector<int> v;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
      if (item.find_first_of("0123456789") != std::string::npos) v.push_back(std::stoi(item));
    return v;
  };
  while (std::getline(in, line)) {
    const std::size_t a = line.find('['), b = line.find(']'), c = line.find('[', b),
                      d = line.find(']', c);
    if (a == std::string::npos || d == std::string::npos) continue;
    beads.emplace_back(ids(line.substr(a + 1, b - a - 1)), ids(line.substr(c + 1, d - c - 1)));
  }
  return beads;
}

double strict_f1(const std::vector<BeadKey>& gold, const std::vector<Bead>& hyp) {
  std::set<BeadKey> gold_set(gold.begin(), gold.end()), hyp_set;
  for (const Bead& b : hyp) {
    BeadKey key;
    for (std::uint32_t k = b.source_begin; k < b.source_end; ++k) key.first.push_back(int(k));
    for (std::uint32_t k = b.target_begin; k < b.target_end; ++k) key.second.push_back(int(k));
    hyp_set.insert(key);
  }
  double tp = 0, hyp_count = 0, gold_hits = 0, gold_count = 0;
  for (const BeadKey& k : hyp_set) {
    hyp_count += 1;
    tp += gold_set.count(k) ? 1 : 0;
  }
  for (const BeadKey& k : gold_set) {
    if (k.first.empty() || k.second.empty()) continue;
    gold_count += 1;
    gold_hits += hyp_set.count(k) ? 1 : 0;
  }
  const double p = hyp_count ? tp / hyp_count : 0, r = gold_count ? gold_hits / gold_count : 0;
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

double dev_set_f1(const std::string& name) {
  const std::string dir = std::string(TRALIGN_SHARED_DIR) + "/eval/dev/" + name;
  std::string source_text, target_text;
  const Document source = make_document(read_lines(dir + "/src.txt"), source_text);
  const Document target = make_document(read_lines(dir + "/tgt.txt"), target_text);
  const Alignment alignment = tralign::align(source, target);
  REQUIRE(covers(alignment.beads, source.segments.size(), target.segments.size()));
  return strict_f1(read_beads(dir + "/gold.align"), alignment.beads);
}

bool have_shared() {
  std::ifstream probe(std::string(TRALIGN_SHARED_DIR) + "/eval/dev/hun_dtm/gold.align");
  if (!probe) std::cout << "SKIPPED: " << TRALIGN_SHARED_DIR << " is absent\n";
  return static_cast<bool>(probe);
}

}  // namespace

TEST_CASE("beads cover every segment exactly once, in order", "[align]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    const auto [source, target] =
        random_pair(rng, 1 + rng() % 80, 0.3 + static_cast<double>(rng() % 20) * 0.1);
    AlignOptions options;
    options.max_bead = 1 + static_cast<int>(rng() % 4);
    options.plain = round % 3 == 0;
    const Alignment a = tralign::align_lengths(source, target, options);
    REQUIRE(covers(a.beads, source.size(), target.size()));
  }
}

TEST_CASE("the banded search equals the full dynamic program on random inputs", "[align]") {
  using namespace tralign::internal;
  std::mt19937 rng(11);
  // The default radius; a tiny lattice budget forces the coarse-to-fine band even on these
  // small inputs.
  const std::size_t kMaxSegments = 60;
  const std::uint32_t kRadius = 2;
  const std::size_t kFullCells = 4;
  int compared = 0, different = 0;
  for (int round = 0; round < 3000; ++round) {
    Lengths source, target;
    if (round % 10 == 0) {  // lopsided: a few against many
      std::uniform_int_distribution<std::uint32_t> length(0, 150);
      const std::size_t n = rng() % 3, m = 1 + rng() % 120;
      for (std::size_t k = 0; k < n; ++k) source.push_back(length(rng));
      for (std::size_t k = 0; k < m; ++k) target.push_back(length(rng));
      if (round % 20 == 0) std::swap(source, target);
    } else {
      std::tie(source, target) =
          random_pair(rng, 1 + rng() % kMaxSegments, 0.25 + static_cast<double>(rng() % 12) * 0.1);
    }
    CostModel costs(source, target, bead_shapes(1 + static_cast<int>(rng() % 3), false));
    costs.set_model(tralign::LengthModel{1.0, 6.8}, round % 2 == 0);
    const std::vector<Bead> full =
        viterbi(costs, full_band(static_cast<std::uint32_t>(source.size()),
                                 static_cast<std::uint32_t>(target.size())));
    const std::vector<Bead> banded = banded_align(costs, kRadius, false, kFullCells).beads;
    REQUIRE(covers(full, source.size(), target.size()));
    REQUIRE(covers(banded, source.size(), target.size()));
    // The band never finds a path the full program would not (cost at least the optimum) ...
    REQUIRE(total_cost(banded) >= total_cost(full) - 1e-9 * std::max(1.0, total_cost(full)));
    if (!(total_cost(banded) == Approx(total_cost(full)).epsilon(1e-9).margin(1e-9))) {
      ++different;
      std::cout << "banded differs from full: n=" << source.size() << " m=" << target.size()
                << " cost " << total_cost(banded) << " vs " << total_cost(full) << "\n";
    }
    ++compared;
  }
  CHECK(compared == 3000);
  // ... and finds the optimum on all but a few of these noisy inputs (measured: 10 of 3000,
  // each a distant second mode of nearly equal cost; the search is not exact).
  CHECK(different <= 30);
}

TEST_CASE("lopsided and empty inputs are aligned", "[align]") {
  const Lengths hundred(100, 30);
  for (bool plain : {false, true}) {
    AlignOptions options;
    options.plain = plain;
    Alignment a = tralign::align_lengths({}, {}, options);
    CHECK(a.beads.empty());
    a = tralign::align_lengths({}, hundred, options);
    REQUIRE(a.beads.size() == 100);
    for (const Bead& b : a.beads) CHECK((b.source_count() == 0 && b.target_count() == 1));
    a = tralign::align_lengths(hundred, {}, options);
    REQUIRE(a.beads.size() == 100);
    for (const Bead& b : a.beads) CHECK((b.source_count() == 1 && b.target_count() == 0));
    a = tralign::align_lengths({30}, hundred, options);
    CHECK(covers(a.beads, 1, 100));
    a = tralign::align_lengths(hundred, {30}, options);
    CHECK(covers(a.beads, 100, 1));
    a = tralign::align_lengths({0, 0, 0}, {0, 5}, options);
    CHECK(covers(a.beads, 3, 2));
  }
}

TEST_CASE("c is estimated on a synthetic English-Chinese-like pair", "[align]") {
  std::mt19937 rng(3);
  std::uniform_int_distribution<std::uint32_t> length(40, 200);
  std::normal_distribution<double> noise(0.0, 1.0);
  Lengths source, target;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> gold;  // (source index, target count)
  for (int k = 0; k < 600; ++k) {
    const std::uint32_t l = length(rng);
    source.push_back(l);
    const double t = 0.28 * l + noise(rng) * std::sqrt(0.5 * l);
    if (k % 4 == 0) {  // Chinese splits an English sentence in clauses
      target.push_back(static_cast<std::uint32_t>(std::max(1.0, t * 0.45)));
      target.push_back(static_cast<std::uint32_t>(std::max(1.0, t * 0.55)));
      gold.emplace_back(k, 2);
    } else {
      target.push_back(static_cast<std::uint32_t>(std::max(1.0, t)));
      gold.emplace_back(k, 1);
    }
  }
  const Alignment a = tralign::align_lengths(source, target);
  CHECK(a.model.mean == Approx(0.28).epsilon(0.08));
  std::size_t right = 0, j = 0, b = 0;
  for (const auto& [i, count] : gold) {
    while (b < a.beads.size() && a.beads[b].source_begin < i) ++b;
    if (b < a.beads.size() && a.beads[b].source_begin == i && a.beads[b].source_count() == 1 &&
        a.beads[b].target_begin == j && a.beads[b].target_count() == count)
      ++right;
    j += count;
  }
  CHECK(right >= gold.size() * 8 / 10);
  // The paper's c = 1 cannot align it.
  AlignOptions plain;
  plain.plain = true;
  const Alignment p = tralign::align_lengths(source, target, plain);
  CHECK(p.model.mean == 1.0);
}

// The anchor evidence (2.5 nats for the second sentence) decides here because 1-0 beads cost
// their prior alone in the default mode: the paper's program also charges the unpaired sentence
// the length cost of an empty side, which favours leaving out the shorter one by 2.7 nats.
TEST_CASE("anchors help where lengths hesitate but never override them", "[align]") {
  std::string s_text, t_text;
  // Lengths slightly favour pairing the first source sentence with the target; the number
  // says it is the second. One-to-one beads only (max_bead 1), so the choice is between the
  // two pairings and not a 2-1 bead, which two sentences against one would otherwise be.
  // Faithful pairs around them keep the estimated length ratio near 1.
  const std::vector<std::string> before = {"Am Morgen regnete es in der ganzen Stadt.",
                                           "Wir gingen trotzdem zum alten Hafen hinunter."};
  const std::vector<std::string> after = {"Dort tranken wir einen Kaffee im kleinen Laden.",
                                          "Danach fuhren wir mit dem Zug nach Hause."};
  const std::vector<std::string> avant = {"Le matin, il pleuvait dans toute la ville.",
                                          "Nous sommes quand même allés au vieux port."};
  const std::vector<std::string> apres = {"Nous y avons bu un café dans la petite boutique.",
                                          "Ensuite nous sommes rentrés chez nous en train."};
  std::vector<std::string> source_segments = before, target_segments = avant;
  source_segments.insert(source_segments.end(), {"Der Bau begann im Jahr 1956 am Fluss, sagte er.",
                                                 "Die Brücke wurde 1848 gebaut."});
  target_segments.push_back("Le pont fut construit en 1848, dit-il ici.");
  source_segments.insert(source_segments.end(), after.begin(), after.end());
  target_segments.insert(target_segments.end(), apres.begin(), apres.end());
  const Document source = make_document(source_segments, s_text);
  const Document target = make_document(target_segments, t_text);
  AlignOptions no_anchors;
  no_anchors.max_bead = 1;
  no_anchors.anchors = false;
  AlignOptions anchors;
  anchors.max_bead = 1;
  const Alignment without = tralign::align(source, target, no_anchors);
  const Alignment with = tralign::align(source, target, anchors);
  REQUIRE(covers(with.beads, 6, 5));
  bool paired_second = false, paired_first_without = false;
  for (const Bead& b : with.beads)
    paired_second |= b.source_begin == 3 && b.target_begin == 2 && b.source_count() == 1 &&
                     b.target_count() == 1;
  for (const Bead& b : without.beads)
    paired_first_without |= b.source_begin == 2 && b.target_begin == 2 && b.source_count() == 1 &&
                            b.target_count() == 1;
  CHECK(paired_first_without);
  CHECK(paired_second);

  // "Chapter 1" shares its number with the long target sentence, but its length is far off:
  // the long target sentence goes with the long source sentence.
  const Document chapter =
      make_document({"Chapter 1",
                     "It was a bright cold day in April, and the clocks were striking thirteen; "
                     "the wind blew dust along the empty streets of the old town."},
                    s_text);
  const Document libro = make_document(
      {"Era un día luminoso y frío de abril y los relojes daban las trece; el viento soplaba "
       "el polvo por las calles vacías del viejo pueblo 1."},
      t_text);
  const Alignment c = tralign::align(chapter, libro);
  REQUIRE(covers(c.beads, 2, 1));
  for (const Bead& b : c.beads)
    CHECK_FALSE((b.source_begin == 0 && b.source_count() == 1 && b.target_count() == 1));
}

// Needs prior-only 1-0 beads too (see the anchor case above).
TEST_CASE("the lexicon's terms are stems of words and pairs of CJK letters", "[align]") {
  using tralign::internal::segment_terms;
  // the, ship (= Ship), sails and sailed (cut to six bytes they differ), times; no number, no
  // two-letter word.
  CHECK(segment_terms("The Ship sails; the ship SAILED 42 times.").size() == 5);
  CHECK(segment_terms("a an").empty());
  // 起初 初神 神创 创造 造天 天地: six bigrams; a lone letter is a term of its own.
  CHECK(segment_terms("起初神创造天地。").size() == 6);
  CHECK(segment_terms("神").size() == 1);
}

// Two texts of invented words: target word k translates source word k. Every segment has the
// same length on both sides, so lengths cannot tell where a segment was left out.
std::pair<std::vector<std::string>, std::vector<std::string>> invented_pair(std::mt19937& rng,
                                                                            int segments,
                                                                            int omitted) {
  auto word = [](const char* prefix, int k) {
    std::string w = prefix;
    for (int v = k; v > 0 || w.size() == std::string(prefix).size(); v /= 26)
      w += static_cast<char>('a' + v % 26);
    while (w.size() < 8) w += 'x';
    return w.substr(0, 8);
  };
  std::uniform_int_distribution<int> pick(0, 149);
  std::vector<std::string> source, target;
  for (int s = 0; s < segments; ++s) {
    std::string a, b;
    for (int k = 0; k < 5; ++k) {
      const int w = pick(rng);
      a += (k ? " " : "") + word("so", w);
      b += (k ? " " : "") + word("ta", w);
    }
    source.push_back(a + ".");
    if (s != omitted) target.push_back(b + ".");
  }
  return {source, target};
}

TEST_CASE("the learned lexicon places an omission that lengths cannot", "[align]") {
  std::mt19937 rng(23);
  int placed_with = 0, placed_without = 0;
  const int kRounds = 10;
  for (int round = 0; round < kRounds; ++round) {
    const int omitted = 20 + static_cast<int>(rng() % 160);
    const auto [source_segments, target_segments] = invented_pair(rng, 200, omitted);
    std::string s_text, t_text;
    const Document source = make_document(source_segments, s_text);
    const Document target = make_document(target_segments, t_text);
    AlignOptions with_lexicon, without_lexicon;
    without_lexicon.lexicon = false;
    for (const bool lexicon : {true, false}) {
      const Alignment a = tralign::align(source, target, lexicon ? with_lexicon : without_lexicon);
      REQUIRE(covers(a.beads, source_segments.size(), target_segments.size()));
      for (const Bead& b : a.beads)
        if (b.source_count() == 1 && b.target_count() == 0 &&
            b.source_begin == static_cast<std::uint32_t>(omitted))
          ++(lexicon ? placed_with : placed_without);
    }
  }
  // Without the lexicon the omission lands anywhere in a stretch of equal lengths.
  CHECK(placed_with == kRounds);
  CHECK(placed_without < kRounds);
}

TEST_CASE("after paragraphs, the learned lexicon places an omission within its paragraph",
          "[align]") {
  // The pair of the test above in paragraphs of four segments (the target's paragraph of the
  // omission holds three): the second pass must keep the paragraphs' alignment (paragraph p
  // against paragraph p) and place the omission within it.
  std::mt19937 rng(29);
  int placed_with = 0, placed_without = 0;
  const int kRounds = 10;
  for (int round = 0; round < kRounds; ++round) {
    const int omitted = 20 + static_cast<int>(rng() % 160);
    const auto [source_segments, target_segments] = invented_pair(rng, 200, omitted);
    std::vector<std::uint32_t> source_paragraphs, target_paragraphs;
    for (int k = 0; k < 200; ++k) {
      source_paragraphs.push_back(static_cast<std::uint32_t>(k / 4));
      if (k != omitted) target_paragraphs.push_back(static_cast<std::uint32_t>(k / 4));
    }
    std::string s_text, t_text;
    const Document source = make_document(source_segments, s_text, source_paragraphs);
    const Document target = make_document(target_segments, t_text, target_paragraphs);
    AlignOptions with_lexicon, without_lexicon;
    without_lexicon.lexicon = false;
    for (const bool lexicon : {true, false}) {
      const Alignment a = tralign::align(source, target, lexicon ? with_lexicon : without_lexicon);
      REQUIRE(covers(a.beads, source_segments.size(), target_segments.size()));
      for (const Bead& b : a.beads) {
        for (std::uint32_t i = b.source_begin; i < b.source_end; ++i)
          for (std::uint32_t j = b.target_begin; j < b.target_end; ++j)
            CHECK(source_paragraphs[i] == target_paragraphs[j]);
        if (b.source_count() == 1 && b.target_count() == 0 &&
            b.source_begin == static_cast<std::uint32_t>(omitted))
          ++(lexicon ? placed_with : placed_without);
      }
    }
  }
  CHECK(placed_with == kRounds);
  // Lengths alone place it anywhere in its paragraph.
  CHECK(placed_without < kRounds);
}

TEST_CASE("an omitted segment beside translated ones is a 1-0 bead, not part of a 2-1 bead",
          "[align]") {
  // Faithful pairs (target ≈ 1.1 × source, small noise); the target leaves out source segment
  // 20 (70 code points) and the last two (a byline, as in the canonical example). A 2-1 or
  // 3-1 bead that took them in would be far longer than its target (|δ| > 2), while a 1-0 bead
  // costs its prior. (Short dropped lines beside a sentence, like `Share this:`, stay
  // ambiguous by lengths: a 3-1 bead 20 code points too long is likelier than two omissions.)
  std::mt19937 rng(17);
  std::uniform_int_distribution<std::uint32_t> length(30, 120);
  std::normal_distribution<double> noise(0.0, 1.0);
  Lengths source, target;
  const std::set<std::size_t> omitted = {20, 58, 59};
  for (std::size_t k = 0; k < 60; ++k) {
    // The document closes with a 50-code-point sentence and two lines the target drops.
    const std::uint32_t tail[] = {50, 90, 72};
    const std::uint32_t l = k == 20 ? 70 : k >= 57 ? tail[k - 57] : length(rng);
    source.push_back(l);
    if (omitted.count(k)) continue;
    target.push_back(static_cast<std::uint32_t>(1.1 * l + noise(rng) * std::sqrt(0.5 * l)));
  }
  const Alignment a = tralign::align_lengths(source, target);
  REQUIRE(covers(a.beads, source.size(), target.size()));
  std::set<std::size_t> unpaired;
  for (const Bead& b : a.beads) {
    if (b.target_count() == 0)
      for (std::uint32_t k = b.source_begin; k < b.source_end; ++k) unpaired.insert(k);
    CHECK(b.source_count() <= 1);  // no 2-1 or 3-1 bead absorbs an omitted segment
  }
  CHECK(unpaired == omitted);
}

TEST_CASE("confidences are posteriors in [0, 1], near 1 on trivial inputs", "[align]") {
  std::mt19937 rng(5);
  std::uniform_int_distribution<std::uint32_t> length(20, 200);
  Lengths same;
  for (int k = 0; k < 300; ++k) same.push_back(length(rng));
  for (bool plain : {false, true}) {
    AlignOptions options;
    options.plain = plain;
    const Alignment a = tralign::align_lengths(same, same, options);
    REQUIRE(a.beads.size() == same.size());
    for (const Bead& b : a.beads) {
      CHECK(b.source_count() == 1);
      CHECK(b.confidence > 0.9);
      CHECK(b.confidence <= 1.0);
    }
  }
  for (int round = 0; round < 50; ++round) {
    const auto [source, target] = random_pair(rng, 1 + rng() % 200, 1.1);
    const Alignment a = tralign::align_lengths(source, target);
    for (const Bead& b : a.beads) {
      CHECK(b.confidence >= 0.0);
      CHECK(b.confidence <= 1.0);
      CHECK(std::isfinite(b.cost));
    }
  }
}

// Sum over every path from (i, j) to (n, m) of exp(-cost), and, per bead, the same sum over
// the paths that hold it (`through`, keyed by i, j, shape), by enumeration.
double enumerate_paths(const tralign::internal::CostModel& costs, std::uint32_t i, std::uint32_t j,
                       double prefix, std::map<std::tuple<int, int, int>, double>& through,
                       std::vector<std::tuple<int, int, int>>& stack) {
  const std::uint32_t n = costs.source_size(), m = costs.target_size();
  if (i == n && j == m) {
    const double weight = std::exp(-prefix);
    for (const auto& key : stack) through[key] += weight;
    return weight;
  }
  double total = 0.0;
  const auto& shapes = costs.shapes();
  for (int t = 0; t < static_cast<int>(shapes.size()); ++t) {
    const auto a = static_cast<std::uint32_t>(shapes[static_cast<std::size_t>(t)].source_count);
    const auto b = static_cast<std::uint32_t>(shapes[static_cast<std::size_t>(t)].target_count);
    if (i + a > n || j + b > m) continue;
    stack.emplace_back(static_cast<int>(i + a), static_cast<int>(j + b), t);
    total +=
        enumerate_paths(costs, i + a, j + b, prefix + costs.cost(i + a, j + b, t), through, stack);
    stack.pop_back();
  }
  return total;
}

TEST_CASE("confidences equal the posteriors summed over every path", "[align]") {
  using namespace tralign::internal;
  std::mt19937 rng(17);
  for (int round = 0; round < 200; ++round) {
    const auto [source, target] =
        random_pair(rng, 1 + rng() % 5, 0.5 + static_cast<double>(rng() % 10) * 0.1);
    if (target.size() > 7) continue;
    CostModel costs(source, target, bead_shapes(1 + static_cast<int>(rng() % 3), false));
    costs.set_model(tralign::LengthModel{1.0, 6.8}, round % 2 == 0);
    if (round % 3 == 0) costs.set_length_cost_limit(5.3);
    const Band band = full_band(costs.source_size(), costs.target_size());
    std::vector<Bead> beads = viterbi(costs, band);
    REQUIRE(!beads.empty());
    fill_posteriors(costs, band, beads);
    std::map<std::tuple<int, int, int>, double> through;
    std::vector<std::tuple<int, int, int>> stack;
    const double total = enumerate_paths(costs, 0, 0, 0.0, through, stack);
    for (const Bead& b : beads) {
      int shape = -1;
      for (std::size_t t = 0; t < costs.shapes().size(); ++t)
        if (static_cast<std::uint32_t>(costs.shapes()[t].source_count) == b.source_count() &&
            static_cast<std::uint32_t>(costs.shapes()[t].target_count) == b.target_count())
          shape = static_cast<int>(t);
      const double expected =
          through[{static_cast<int>(b.source_end), static_cast<int>(b.target_end), shape}] / total;
      // Tabulated costs: the sums use a table of probabilities, the enumeration one of costs.
      CHECK(b.confidence == Approx(expected).margin(costs.exact() ? 1e-9 : 1e-4));
    }
  }
}

TEST_CASE("alignment is deterministic", "[align]") {
  std::mt19937 rng(9);
  const auto [source, target] = random_pair(rng, 3000, 0.9);
  const Alignment a = tralign::align_lengths(source, target);
  const Alignment b = tralign::align_lengths(source, target);
  REQUIRE(a.beads.size() == b.beads.size());
  for (std::size_t k = 0; k < a.beads.size(); ++k) {
    CHECK(a.beads[k].source_end == b.beads[k].source_end);
    CHECK(a.beads[k].target_end == b.beads[k].target_end);
    CHECK(a.beads[k].confidence == b.beads[k].confidence);
  }
}

TEST_CASE("plain mode gives NLTK's beads on its documented examples", "[align]") {
  // nltk.translate.gale_church.align_blocks doctests: links (source, target) per pair.
  auto links = [](const Lengths& s, const Lengths& t) {
    AlignOptions plain;
    plain.plain = true;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    for (const Bead& b : tralign::align_lengths(s, t, plain).beads)
      for (std::uint32_t i = b.source_begin; i < b.source_end; ++i)
        for (std::uint32_t j = b.target_begin; j < b.target_end; ++j) out.emplace_back(i, j);
    return out;
  };
  using L = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
  CHECK(links({5, 5, 5}, {7, 7, 7}) == L{{0, 0}, {1, 1}, {2, 2}});
  CHECK(links({10, 5, 5}, {12, 20}) == L{{0, 0}, {1, 1}, {2, 1}});
  CHECK(links({12, 20}, {10, 5, 5}) == L{{0, 0}, {1, 1}, {1, 2}});
  CHECK(links({10, 2, 10, 10, 2, 10}, {12, 3, 20, 3, 12}) ==
        L{{0, 0}, {1, 1}, {2, 2}, {3, 2}, {4, 3}, {5, 4}});
}

TEST_CASE("paragraphs align first when both sides have them", "[align]") {
  std::string s_text, t_text;
  // Two paragraphs each; the second source paragraph has no counterpart of its first sentence.
  const Document source =
      make_document({"One short line here.", "Another line that is longer than the first.",
                     "Third sentence starts a new paragraph.", "And a fourth closes it."},
                    s_text, {0, 0, 1, 1});
  const Document target = make_document(
      {"Eine kurze Zeile hier.", "Noch eine Zeile, die länger ist als die erste.",
       "Der dritte Satz beginnt einen neuen Absatz.", "Und ein vierter schließt ihn."},
      t_text, {0, 0, 1, 1});
  const Alignment a = tralign::align(source, target);
  REQUIRE(covers(a.beads, 4, 4));
  for (const Bead& b : a.beads) {
    CHECK(b.source_count() == 1);
    CHECK(b.target_count() == 1);
    CHECK(b.source_begin == b.target_begin);
  }
}

TEST_CASE("options are validated", "[align]") {
  AlignOptions options;
  options.max_bead = 0;
  CHECK_THROWS_AS(tralign::align_lengths({1}, {1}, options), tralign::OptionsError);
  options.max_bead = 3;
  options.mean = -1.0;
  CHECK_THROWS_AS(tralign::align_lengths({1}, {1}, options), tralign::OptionsError);
  options.mean = 0.0;
  options.variance = std::nan("");
  CHECK_THROWS_AS(tralign::align_lengths({1}, {1}, options), tralign::OptionsError);
}

TEST_CASE("strict F1 on the development sets stays above its floor", "[align]") {
  if (!have_shared()) return;
  // Floors only rise. Measured: textberg_dev 0.743 (0.794 with prior-only 1-0 beads), hun_dtm
  // 0.990 (0.984).
  CHECK(dev_set_f1("textberg_dev") >= 0.72);
  CHECK(dev_set_f1("hun_dtm") >= 0.98);
}

#include "align_anchors.h"

TEST_CASE("the lexicon's term table and the 16- and 64-byte scans agree with term by term",
          "[align]") {
  using tralign::internal::TermTable;
  TermTable<std::uint32_t> table;  // terms k * an odd constant: distinct, 0 among them
  const auto term = [](std::uint32_t k) { return k * 2654435761u; };
  for (std::uint32_t k = 0; k < 5000; ++k) table.insert(term(k)).value = k;
  CHECK(table.size() == 5000);
  table.insert(term(7)).value += 0;  // present: no new term
  CHECK(table.size() == 5000);
  std::size_t found = 0, absent = 0, visited = 0;
  for (std::uint32_t k = 0; k < 6000; ++k) {
    const auto* slot = table.find(term(k));
    if (k < 5000 && slot != nullptr && slot->value == k) ++found;
    if (k >= 5000 && slot == nullptr) ++absent;
  }
  table.for_each([&](std::uint32_t t, std::uint32_t k) { visited += t == term(k) ? 1 : 0; });
  CHECK(found == 5000);
  CHECK(absent == 1000);
  CHECK(visited == 5000);
  table.clear();
  CHECK(table.size() == 0);
  CHECK(table.find(term(0)) == nullptr);
  CHECK(table.find(term(1)) == nullptr);

  // A long text of space-separated words holds the terms and anchors of its words taken one by
  // one, whatever falls across the scans' blocks.
  const std::vector<std::string> words = {"the",   "Größe",    "naïve",
                                          "Ärger", "中文字",   "起初",
                                          "神",    "ひらがな", "www.example.org",
                                          "007",   "Berlin",   "e-mail",
                                          "don't", "x",        "abcdefghijklmnopqrstuvwxyz",
                                          "Why?",  "１２",     "a@b.c",
                                          "#tag",  "—",        "word.",
                                          "Ωμέγα", "Straße",   "(quoted),"};
  std::mt19937 random(3);
  for (int trial = 0; trial < 200; ++trial) {
    std::string text = "x";
    std::vector<std::uint32_t> terms;
    std::uint64_t anchors = 0;
    for (int w = 0; w < 40; ++w) {
      const std::string& word = words[random() % words.size()];
      text += " " + word;
      const auto own = tralign::internal::segment_terms(word);
      terms.insert(terms.end(), own.begin(), own.end());
      anchors |= tralign::internal::anchor_signature("x " + word);
    }
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    CHECK(tralign::internal::segment_terms(text) == terms);
    CHECK(tralign::internal::anchor_signature(text) == anchors);
  }
}

TEST_CASE("a token's anchors do not depend on where it falls in the anchor scan's windows",
          "[align]") {
  using tralign::internal::anchor_signature;
  // Each token after lower-case words that hold no anchor, starting at every offset across the
  // scan's 64-byte windows and the segment's last bytes, with and without text after it.
  const std::vector<std::string> tokens = {
      "Berlin",       "Ärger",  "Ölkrise,", "www.example.org/x",
      "http://a.b/c", "#tag_1", "@name",    "3.14",
      "１２",         "Why?",   "Wow!",     "ＡＢ？",
      "—Dash",        "AB/CD",  "a@b.c",    "中文字",
      "Ωμέγα",        "x",      "e-mail",   "Zürich.",
      "ÀÞ×"};
  const std::vector<std::string> endings = {"", " und so weiter.", "?", "\n"};
  for (const auto& token : tokens) {
    for (const auto& ending : endings) {
      const std::uint64_t expected = anchor_signature("x " + token + ending);
      std::string text = "x";
      for (int pad = 0; pad < 70; ++pad) {
        CHECK(anchor_signature(text + " " + token + ending) == expected);
        text += pad % 3 == 0 ? " ab" : " c";
      }
    }
  }
  CHECK(anchor_signature("x Berlin") != 0);
  CHECK(anchor_signature("x Berlin") != anchor_signature("x Paris"));
  CHECK(anchor_signature("Berlin") == 0);  // the first word of a segment is not a name
  CHECK(anchor_signature("x 3.14") != 0);
}

TEST_CASE("a word's stem is the same wherever the text ends after it", "[align]") {
  // The 64-byte scan reads a stem's six bytes whole: at the text's end they are padded.
  using tralign::internal::segment_terms;
  for (const std::string word : {"abc", "abcd", "Größe", "abcdefgh", "naïveté"}) {
    const auto own = segment_terms(word);
    REQUIRE(own.size() == 1);
    for (std::size_t before = 0; before < 140; ++before) {
      const std::string text = std::string(before, ' ') + word;
      CHECK(segment_terms(text) == own);
      CHECK(segment_terms(text + " ab") == own);
    }
  }
}

TEST_CASE("large arrays and reserve_huge keep their values at any size", "[align]") {
  using tralign::internal::LargeArray;
  using tralign::internal::LargeArrayAllocator;
  for (const std::size_t count : {std::size_t{10}, std::size_t{300000}, std::size_t{700000}}) {
    LargeArray<std::uint32_t> values;
    for (std::size_t k = 0; k < count; ++k) values.push_back(static_cast<std::uint32_t>(k * 7));
    std::size_t right = 0;
    for (std::size_t k = 0; k < count; ++k) right += values[k] == k * 7 ? 1 : 0;
    CHECK(right == count);
    LargeArray<std::uint32_t> moved = std::move(values);
    CHECK(moved.size() == count);
    CHECK(moved.back() == (count - 1) * 7);
  }
  // From kMinBytes up, the storage starts on a 2 MiB boundary (Linux: huge pages).
  LargeArray<std::uint64_t> large(LargeArrayAllocator<std::uint64_t>::kMinBytes / 8);
  if (LargeArrayAllocator<std::uint64_t>::large(large.size()))
    CHECK(reinterpret_cast<std::uintptr_t>(large.data()) % LargeArrayAllocator<char>::kHuge == 0);
  // reserve_huge, with either allocator: room for the count, the elements held kept.
  std::vector<std::uint32_t> plain = {3, 1, 4};
  LargeArray<std::uint32_t> huge = {1, 5, 9};
  tralign::internal::reserve_huge(plain, 1000000);
  tralign::internal::reserve_huge(huge, 1000000);
  CHECK(plain.capacity() >= 1000000);
  CHECK(huge.capacity() >= 1000000);
  CHECK(plain == std::vector<std::uint32_t>{3, 1, 4});
  CHECK(std::vector<std::uint32_t>(huge.begin(), huge.end()) ==
        std::vector<std::uint32_t>{1, 5, 9});
  std::vector<std::uint32_t> empty;
  tralign::internal::reserve_huge(empty, 10);
  CHECK(empty.empty());
  CHECK(empty.capacity() >= 10);
}

TEST_CASE("the vectorized row kernel gives the scalar path's costs and weights", "[align]") {
  using namespace tralign::internal;
  std::mt19937_64 rng(29);
  for (int round = 0; round < 300; ++round) {
    const std::size_t n = 1 + rng() % 40, m = 1 + rng() % 60;
    std::vector<std::uint32_t> source(n), target(m);
    // Mostly ordinary lengths, some far off (beyond the tail table) and some empty.
    auto length = [&]() -> std::uint32_t {
      const std::uint64_t r = rng() % 20;
      return static_cast<std::uint32_t>(r == 0 ? 0 : r == 1 ? rng() % 5000 : 5 + rng() % 200);
    };
    for (auto& l : source) l = length();
    for (auto& l : target) l = length();
    std::vector<std::uint64_t> source_bits(n), target_bits(m), source_terms(n), target_terms(m);
    auto bits = [&]() { return rng() & rng() & rng(); };  // sparse signatures
    for (auto& s : source_bits) s = bits();
    for (auto& s : target_bits) s = bits();
    for (auto& s : source_terms) s = bits();
    for (auto& s : target_terms) s = bits();
    CostModel costs(source, target, bead_shapes(2 + static_cast<int>(rng() % 3), false));
    costs.set_model(tralign::LengthModel{0.3 + static_cast<double>(rng() % 20) * 0.1,
                                         1.0 + static_cast<double>(rng() % 10)},
                    false);
    if (round % 3 == 0) costs.set_length_cost_limit(6.5);
    if (round % 4 == 1) costs.set_unmatched_length_cost(false);
    if (round % 5 != 0)
      costs.set_anchors(&source_bits, &target_bits, AnchorWeights{1.5, 0.75, 4.0, ~0xffULL});
    if (round % 2 == 0)
      costs.set_evidence(CostModel::kLexicon, &source_terms, &target_terms,
                         AnchorWeights{0.5, 0.25, 2.0, ~std::uint64_t{0}});
    const std::uint32_t i = 1 + static_cast<std::uint32_t>(rng() % n);
    CostModel::RowTerms row;
    costs.fill_row(i, row);
    // Every shape that fits in row i, over random column ranges (short and long).
    std::vector<CostModel::BeadRange> ranges;
    std::size_t total = 0;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
    for (std::size_t t = 0; t < costs.shapes().size(); ++t) {
      const auto a = static_cast<std::uint32_t>(costs.shapes()[t].source_count);
      const auto b = static_cast<std::uint32_t>(costs.shapes()[t].target_count);
      if (a > i || b > m) continue;
      const auto first = b + static_cast<std::uint32_t>(rng() % (m - b + 1));
      const auto last = first + static_cast<std::uint32_t>(rng() % (m - first + 1));
      ranges.push_back({&row, static_cast<int>(t), first, last, nullptr});
      total += last - first + 1;
    }
    for (bool weights : {false, true}) {
      // Every kernel (the best this CPU has, AVX2, scalar) into its own buffer.
      const auto values = [&](CostModel::Kernel kernel) {
        std::vector<double> out(total);
        std::size_t at = 0;
        for (auto& r : ranges) {
          r.out = out.data() + at;
          at += r.last - r.first + 1;
        }
        costs.set_kernel(kernel);
        costs.row_values(ranges.data(), ranges.size(), weights);
        return out;
      };
      const std::vector<double> scalar = values(CostModel::Kernel::kScalar);
      REQUIRE(values(CostModel::Kernel::kBest) == scalar);  // bit for bit
      REQUIRE(values(CostModel::Kernel::kAvx2) == scalar);
      std::size_t at = 0;
      for (const auto& r : ranges)
        for (std::uint32_t j = r.first; j <= r.last; ++j, ++at)
          CHECK(scalar[at] == (weights ? costs.weight_in_row(row, j, r.shape)
                                       : costs.cost_in_row(row, j, r.shape)));
    }
  }
}

TEST_CASE("the vectorized lattice passes give the scalar passes' beads and confidences",
          "[align]") {
  using namespace tralign::internal;
  std::mt19937 rng(31);
  for (int round = 0; round < 400; ++round) {
    Lengths source, target;
    std::tie(source, target) =
        random_pair(rng, 1 + rng() % 200, 0.25 + static_cast<double>(rng() % 12) * 0.1);
    const int max_bead = 1 + static_cast<int>(rng() % 3);
    std::vector<std::vector<Bead>> results;
    for (const auto kernel :
         {CostModel::Kernel::kScalar, CostModel::Kernel::kAvx2, CostModel::Kernel::kBest}) {
      CostModel costs(source, target, bead_shapes(max_bead, false));
      costs.set_model(tralign::LengthModel{1.0, 6.8}, false);
      costs.set_kernel(kernel);
      // A small lattice budget: the coarse-to-fine rounds too.
      results.push_back(banded_align(costs, 2, true, round % 2 == 0 ? 64 : 1 << 16).beads);
    }
    for (std::size_t r = 1; r < results.size(); ++r) {
      REQUIRE(results[r].size() == results[0].size());
      for (std::size_t b = 0; b < results[0].size(); ++b) {
        const Bead &x = results[0][b], &y = results[r][b];
        REQUIRE(x.source_begin == y.source_begin);
        REQUIRE(x.source_end == y.source_end);
        REQUIRE(x.target_begin == y.target_begin);
        REQUIRE(x.target_end == y.target_end);
        REQUIRE(x.cost == y.cost);  // bit for bit
        REQUIRE(x.confidence == y.confidence);
      }
    }
  }
}
