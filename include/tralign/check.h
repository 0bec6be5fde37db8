// tralign/check.h: findings over an alignment: what was dropped, added, left untranslated,
// where the two sides drift apart, and what differs inside a bead.
//
// Usage:
//   tralign::Alignment alignment = tralign::align(source, target);
//   for (const tralign::Finding& f : tralign::check(source, target, alignment))
//     std::cout << tralign::to_string(f.kind) << ": " << f.message << "\n";
//
// Thresholds derive from the model (z-scores of the length model, posteriors of the beads);
// every one is an option with a documented default.
#ifndef TRALIGN_CHECK_H_
#define TRALIGN_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tralign/align.h"
#include "tralign/segment.h"

namespace tralign {

enum class FindingKind {
  kOmission,      // source segments with no counterpart in the target
  kAddition,      // target segments with no counterpart in the source
  kUntranslated,  // target segments copied from the source or left in its script
  kDrift,         // a bead whose sides do not match as a translation should, or a doubtful stretch
  kMismatch,      // numbers, URLs, e-mails, hashtags, @mentions, placeholders that differ
};

enum class Severity { kInfo, kWarning, kError };  // ordered: kInfo < kWarning < kError

// "omission", "addition", "untranslated", "drift", "mismatch".
std::string_view to_string(FindingKind kind);
// "info", "warning", "error".
std::string_view to_string(Severity severity);
// Inverses of to_string; throw OptionsError for an unknown name.
FindingKind parse_finding_kind(std::string_view name);
Severity parse_severity(std::string_view name);

struct Finding {
  FindingKind kind = FindingKind::kOmission;
  Severity severity = Severity::kWarning;
  std::string code;                   // stable code, e.g. "omission.run", "mismatch.number"
  std::vector<std::uint32_t> source;  // source segment indexes the finding is about (sorted)
  std::vector<std::uint32_t> target;  // target segment indexes (sorted)
  std::size_t source_begin = 0;       // byte range covered in the source text (empty if none)
  std::size_t source_end = 0;
  std::size_t target_begin = 0;  // byte range covered in the target text
  std::size_t target_end = 0;
  double confidence = 1.0;  // how sure the check is, in [0, 1]
  std::string message;      // one line for people
};

// Every threshold of the checks. Costs are in nats (-log probability), lengths are in the
// length model's δ (standard deviations, see length_model.h), confidences are posteriors.
struct CheckOptions {
  // Kinds never reported.
  std::vector<FindingKind> ignore_kinds;
  // ECMAScript regular expressions; a finding whose segments' texts all match one is dropped.
  std::vector<std::string> ignore_patterns;

  // Re-scoring. Before looking for unaligned segments, check() re-aligns inside a band of this
  // many segments around the aligner's path with more evidence than lengths: shared numbers,
  // names, URLs and tags, copied segments, paragraph boundaries, and a 1-0/0-1 cost that does
  // not grow with the segment's length (so a short dropped segment is not hidden in a 2-1
  // bead). It yields a posterior for every bead and every unaligned segment. 0: use the
  // aligner's beads and confidences as they are. Cost: linear in segments × band (default 6).
  int realign_band = 6;
  // EM iterations that re-estimate the bead-type priors (1-1, 1-0, 2-1, ...) from the
  // document before the final pass; each costs one more pass (default 2).
  int prior_iterations = 2;
  // Weight, in beads, of Gale & Church's priors against the document's counts (default 20).
  double prior_pseudo_count = 20.0;
  // Share of beads whose lengths are outliers to Gale & Church's normal model (a cut or
  // padded translation); caps the length cost of a bead at -log(length_outlier) (default
  // 0.002: 6.2 nats, less than two 1-0/0-1 beads, so a cut sentence stays one bead).
  double length_outlier = 0.002;
  // Evidence (nats) of one number, URL, tag or name found on both sides of a bead (default 2).
  double anchor_weight = 2.0;
  // Cost (nats) of a number, URL, tag or placeholder on one side of a bead only (default 1).
  double anchor_miss_weight = 1.0;
  // Cost (nats) per paragraph boundary that one side of a bead crosses and the other does not;
  // applied only where paragraphs hold more than one segment on both sides (default 2.3 =
  // log 10: a bead across a paragraph boundary is ten times less likely).
  double paragraph_weight = 2.3;
  // Weight of a translation lexicon learned from the document (as hunalign does): word stems
  // (Han and Kana letter pairs) that share the aligner's beads far more often than chance. A
  // bead gains log(p1/p0) nats for every lexicon term whose translation it holds and loses
  // log((1-p1)/(1-p0)) for every one whose translation is missing, where p1 is how often the
  // term's beads hold a translation and p0 how often a segment does by chance; the ratios of
  // both directions are averaged and scaled by this weight (default 0.5: the terms of one
  // sentence are not independent). 0: no lexicon.
  double lexicon_weight = 0.5;
  // Share of segments translated too freely for the lexicon (paraphrase, its gaps); caps the
  // lexicon's cost of one segment at -log(lexicon_outlier) (default 0.01: 4.6 nats).
  double lexicon_outlier = 0.01;
  // Rounds of lexicon learning: the first learns from the aligner's beads, each further one
  // from the previous round's re-scored path, and re-scores around it (default 2).
  int lexicon_rounds = 2;
  // Lexicon: a pair of terms must share at least this many beads (default 2) ...
  int lexicon_min_count = 2;
  // ... with at least this Dice coefficient of their bead counts (default 0.3) ...
  double lexicon_min_dice = 0.3;
  // ... and a term found in more than this share of the beads is not used (default 0.5).
  double lexicon_max_share = 0.5;

  // omission/addition: error when the posterior that the run has no counterpart is at least
  // this, warning below (default 0.9). Runs without letters (numbers, punctuation) are info.
  double error_posterior = 0.9;

  // untranslated: a target segment whose character bigrams overlap a nearby source segment's
  // by at least this Dice coefficient is a copy (default 0.8).
  double copy_similarity = 0.8;
  // untranslated: where the two texts are in different scripts, a target segment with at
  // least this share of its letters in the source's script was left untranslated (default 0.8).
  double foreign_script_share = 0.8;
  // untranslated: segments with fewer letters are never reported (default 4).
  int untranslated_min_letters = 4;

  // drift: a bead whose length δ (length_delta under the alignment's model) has |δ| at least
  // this (default 3: p < 0.003 under the model).
  double drift_z = 3.0;
  // drift: a target cut short: the source side ends a sentence, the target side does not, and
  // δ is at most -drift_cut_z (default 1.5).
  double drift_cut_z = 1.5;
  // drift: warning from this |δ| on (and for cut targets), info below (default 4).
  double drift_warning_z = 4.0;
  // drift: a stretch of at least `stretch_beads` beads (default 6) whose posteriors are all
  // below `stretch_posterior` (default 0.2) is one finding (info): the alignment is doubtful.
  int stretch_beads = 6;
  double stretch_posterior = 0.2;

  // mismatch: warning when the bead's posterior is at least this, info below (default 0.5).
  double mismatch_posterior = 0.5;

  // Throws OptionsError naming the field, the rule and the value.
  void validate() const;
};

// Checks every bead of `alignment` and returns the findings, ordered by position.
std::vector<Finding> check(const Document& source, const Document& target,
                           const Alignment& alignment, const CheckOptions& options = {});

}  // namespace tralign

#endif  // TRALIGN_CHECK_H_
