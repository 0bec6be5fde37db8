// Sentence alignment: parameter estimation, paragraphs first, then the banded dynamic program.
#include "tralign/align.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "align_anchors.h"
#include "align_dp.h"
#include "align_lexicon.h"
#include "huge_pages.h"
#include "tralign/error.h"

namespace tralign {
namespace {

using internal::AnchorWeights;
using internal::BeadShape;
using internal::CostModel;

// Initial half-width of the band, in segments. The band doubles where the path touches it.
constexpr std::uint32_t kBandWidth = 2;
// Parameter re-estimation passes before the final one (default mode).
constexpr int kEstimationPasses = 2;
// The estimation passes see at most this many source segments.
constexpr std::size_t kEstimationSegments = 4000;
// Weight, in beads, of the paper's priors against the counts of the document (a Dirichlet
// prior). The counts come from a Viterbi path, which favours the common types; on a document
// of a few hundred beads one bead of a rare type must not make that type several times likelier
// (textberg_dev: 50 gave strict F1 0.770, 200 gives 0.794 once 1-0 beads cost their prior alone).
constexpr double kPriorPseudoCount = 200.0;
// The paper's s² (c = 1).
constexpr double kPaperVariance = 6.8;
// No bead type gets a prior below this after re-estimation.
constexpr double kPriorFloor = 1e-4;
// A robust length model (default mode): a bead's lengths are unrelated with this probability
// (a garbled, masked or misplaced translation), so its length cost never exceeds -log of it
// (5.3 nats). Without the limit, one such pair costs tens of nats as a 1-1 bead and the path
// leaves the diagonal around it (1-3 beads beside 1-0 beads); with it, the pair stays 1-1 and
// the check stage judges it. Beads at the limit are left out of the s² estimate.
constexpr double kLengthOutlierShare = 0.005;
// The lexicon's second pass aligns again the stretches where the first pass hesitates (beads of
// confidence below kHesitantConfidence, with kHesitantPad beads on each side), between the
// nodes where the first path enters and leaves them; where lengths decided, the first path
// stays, and the second pass costs little. When the stretches cover more than
// kWholeRealignShare of the beads, the whole pair is aligned again. After a first pass by
// paragraph, the paragraph beads stay and only the segments within the hesitant ones are
// aligned again (a stretch across paragraph beads would undo the paragraphs' alignment).
constexpr double kHesitantConfidence = 0.9;
constexpr std::size_t kHesitantPad = 32;
constexpr double kWholeRealignShare = 0.5;

std::string option_error(const std::string& field, const std::string& rule, double value) {
  return "AlignOptions." + field + " must be " + rule + " (got " + std::to_string(value) + ")";
}

// The segments' lengths and anchors of one side.
struct Side {
  std::vector<std::uint32_t> lengths;
  std::vector<std::uint64_t> anchors;     // empty without anchors
  std::vector<std::uint64_t> lexicon;     // signatures of a learned lexicon; empty: none
  std::vector<std::uint32_t> paragraphs;  // paragraph of every segment; empty: none
};

struct Params {
  LengthModel model;
  std::vector<double> priors;  // per shape, normalized
};

// 1-0 and 0-1 beads cost their prior alone in the default mode: the length model describes how
// long a translation is, and an untranslated segment has none. The paper's program also charges
// them the length cost of an empty side (δ = c·l1 / sqrt(s²·l1/2)), which grows with the
// segment's length faster than the cost of absorbing the segment into a neighbouring 2-1 or 3-1
// bead: under it, an omitted segment beside a translated one is never a 1-0 bead.
std::vector<double> paper_priors(const std::vector<BeadShape>& shapes) {
  std::vector<double> priors;
  double total = 0.0;
  for (const BeadShape& s : shapes) {
    priors.push_back(bead_prior(s.source_count, s.target_count));
    total += priors.back();
  }
  for (double& p : priors) p /= total;
  return priors;
}

std::vector<double> to_costs(const std::vector<double>& priors) {
  std::vector<double> costs;
  for (double p : priors) costs.push_back(-std::log(p));
  return costs;
}

// Refits c and s² on 1-1 beads whose neighbours are 1-1 too (confident by context), and the
// bead priors on the counts of the path, smoothed toward the paper's.
void refit(const CostModel& costs, const std::vector<Bead>& beads, const AlignOptions& options,
           const std::vector<double>& base_priors, Params& params, bool refit_mean) {
  const std::vector<BeadShape>& shapes = costs.shapes();
  std::vector<double> counts(shapes.size(), 0.0);
  for (const Bead& b : beads) {
    for (std::size_t t = 0; t < shapes.size(); ++t) {
      if (static_cast<std::uint32_t>(shapes[t].source_count) == b.source_count() &&
          static_cast<std::uint32_t>(shapes[t].target_count) == b.target_count()) {
        counts[t] += 1.0;
      }
    }
  }
  const double total = static_cast<double>(beads.size());
  for (std::size_t t = 0; t < shapes.size(); ++t) {
    params.priors[t] = std::max(kPriorFloor, (counts[t] + kPriorPseudoCount * base_priors[t]) /
                                                 (total + kPriorPseudoCount));
  }
  double norm = 0.0;
  for (double p : params.priors) norm += p;
  for (double& p : params.priors) p /= norm;

  if (options.mean > 0.0 && options.variance > 0.0) return;
  std::vector<std::pair<double, double>> pairs;
  for (std::size_t k = 0; k < beads.size(); ++k) {
    if (beads[k].source_count() == 0 || beads[k].target_count() == 0) continue;
    const double l1 = costs.source_length(beads[k].source_begin, beads[k].source_end);
    const double l2 = costs.target_length(beads[k].target_begin, beads[k].target_end);
    // Beads whose length cost reached the robust limit are outliers of the length model (a
    // garbled or masked translation): they say nothing about c or s².
    if (!(costs.length_cost(l1, l2) < costs.length_cost_limit())) continue;
    if (l1 > 0.0 && l2 > 0.0) pairs.emplace_back(l1, l2);
  }
  if (pairs.size() < 20) return;
  double c = params.model.mean;
  if (!(options.mean > 0.0) && refit_mean) {
    double s1 = 0.0, s2 = 0.0;
    for (const auto& [l1, l2] : pairs) {
      s1 += l1;
      s2 += l2;
    }
    c = s2 / s1;
  }
  if (!(options.variance > 0.0)) {
    std::vector<double> z2;
    z2.reserve(pairs.size());
    for (const auto& [l1, l2] : pairs) {
      const double diff = l2 - c * l1;
      z2.push_back(diff * diff / ((l1 + l2 / c) / 2.0));
    }
    // Mean of the squared deviations, as the paper estimated 6.8.
    double sum = 0.0;
    for (double z : z2) sum += z;
    // Floored at the paper's 6.8 scaled to the target's unit: real length ratios have heavier
    // tails than the normal law, and a smaller s² splits true 1-1 beads.
    const double s2 = std::max(sum / static_cast<double>(z2.size()), kPaperVariance * c);
    if (s2 > 0.0 && std::isfinite(s2)) params.model.variance = s2;
  }
  params.model.mean = c;
}

// `given_priors` (per shape, normalized; with options.mean and options.variance set): no
// estimation passes. `estimated_priors`: receives the priors used.
Alignment align_sides(const Side& source, const Side& target, const AlignOptions& options,
                      const std::vector<double>* given_priors = nullptr,
                      std::vector<double>* estimated_priors = nullptr) {
  Alignment alignment;
  const bool plain = options.plain;
  std::vector<BeadShape> shapes =
      internal::bead_shapes(plain ? std::min(options.max_bead, 2) : options.max_bead, plain);
  CostModel costs(source.lengths, target.lengths, shapes);
  if (plain) {
    LengthModel model;
    if (options.mean > 0.0) model.mean = options.mean;
    if (options.variance > 0.0) model.variance = options.variance;
    costs.set_model(model, /*exact=*/true);
    alignment.model = model;
    alignment.beads = internal::banded_align(costs, kBandWidth, /*confidences=*/true).beads;
    return alignment;
  }
  // Default mode: c from the total length ratio, s² scaled to the target's unit, then refits.
  Params params;
  double total1 = costs.source_length(0, costs.source_size());
  double total2 = costs.target_length(0, costs.target_size());
  params.model.mean = options.mean > 0.0               ? options.mean
                      : (total1 > 0.0 && total2 > 0.0) ? total2 / total1
                                                       : 1.0;
  params.model.variance =
      options.variance > 0.0 ? options.variance : kPaperVariance * params.model.mean;
  const std::vector<double> base = paper_priors(shapes);
  params.priors = base;
  AnchorWeights weights = internal::default_anchor_weights();
  if (options.anchors && !source.anchors.empty() && !target.anchors.empty())
    costs.set_anchors(&source.anchors, &target.anchors, weights);
  if (!source.lexicon.empty() && !target.lexicon.empty())
    costs.set_evidence(CostModel::kLexicon, &source.lexicon, &target.lexicon,
                       internal::lexicon_weights());
  costs.set_unmatched_length_cost(false);
  costs.set_length_cost_limit(-std::log(kLengthOutlierShare));
  // Estimation passes on the first kEstimationSegments source segments and the proportional
  // share of the target (all of a shorter document): constant time on long documents.
  const std::size_t n = source.lengths.size(), m = target.lengths.size();
  const std::size_t sample_n = std::min(n, kEstimationSegments);
  const std::size_t sample_m =
      n == 0 ? m : std::min(m, (sample_n * m + n / 2) / n + (sample_n < n ? 1 : 0));
  auto head = [](const auto& v, std::size_t k) {
    return std::decay_t<decltype(v)>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k));
  };
  const bool whole = sample_n == n && sample_m == m;
  // A side's signatures for the sample (empty when the sample is the whole pair).
  auto sample_of = [whole, &head](const std::vector<std::uint64_t>& v, std::size_t k) {
    return whole || v.empty() ? std::vector<std::uint64_t>{} : head(v, k);
  };
  const std::vector<std::uint64_t> sample_source_anchors = sample_of(source.anchors, sample_n);
  const std::vector<std::uint64_t> sample_target_anchors = sample_of(target.anchors, sample_m);
  CostModel sample =
      whole ? costs
            : CostModel(head(source.lengths, sample_n), head(target.lengths, sample_m), shapes);
  if (!whole && options.anchors && !sample_source_anchors.empty() && !sample_target_anchors.empty())
    sample.set_anchors(&sample_source_anchors, &sample_target_anchors, weights);
  const std::vector<std::uint64_t> sample_source_lexicon = sample_of(source.lexicon, sample_n);
  const std::vector<std::uint64_t> sample_target_lexicon = sample_of(target.lexicon, sample_m);
  if (!whole && !sample_source_lexicon.empty() && !sample_target_lexicon.empty())
    sample.set_evidence(CostModel::kLexicon, &sample_source_lexicon, &sample_target_lexicon,
                        internal::lexicon_weights());
  sample.set_unmatched_length_cost(false);
  sample.set_length_cost_limit(-std::log(kLengthOutlierShare));
  if (given_priors != nullptr && given_priors->size() == shapes.size())
    params.priors = *given_priors;
  for (int pass = 0; given_priors == nullptr && pass < kEstimationPasses; ++pass) {
    sample.set_model(params.model, false);
    sample.set_prior_costs(to_costs(params.priors));
    const std::vector<Bead> beads = internal::banded_align(sample, kBandWidth, false).beads;
    refit(sample, beads, options, base, params, /*refit_mean=*/whole);
  }
  costs.set_model(params.model, false);
  costs.set_prior_costs(to_costs(params.priors));
  if (estimated_priors != nullptr) *estimated_priors = params.priors;
  alignment.model = params.model;
  alignment.beads = internal::banded_align(costs, kBandWidth, true).beads;
  return alignment;
}

// Segments [begin, end) of one paragraph.
struct Group {
  std::uint32_t begin, end;
};

// Whether segment k of `doc` starts a paragraph (a run of segments with the same paragraph).
bool starts_paragraph(const Document& doc, std::size_t k) {
  return k == 0 || doc.segments[k].paragraph != doc.segments[k - 1].paragraph;
}

// The number of paragraphs of `doc`.
std::size_t paragraph_count(const Document& doc) {
  std::size_t count = 0;
  for (std::size_t k = 0; k < doc.segments.size(); ++k) count += starts_paragraph(doc, k) ? 1 : 0;
  return count;
}

std::vector<Group> paragraph_groups(const Document& doc) {
  std::vector<Group> groups;
  const auto size = static_cast<std::uint32_t>(doc.segments.size());
  for (std::uint32_t k = 0; k < size; ++k) {
    if (starts_paragraph(doc, k)) groups.push_back({k, k});
    groups.back().end = k + 1;
  }
  return groups;
}

// The segments [begin, end) of a side: lengths and anchors (the lexicon's signatures are made
// for each part itself).
Side slice(const Side& side, std::uint32_t begin, std::uint32_t end) {
  Side part;
  part.lengths.assign(side.lengths.begin() + begin, side.lengths.begin() + end);
  if (!side.anchors.empty())
    part.anchors.assign(side.anchors.begin() + begin, side.anchors.begin() + end);
  return part;
}

// Appends `beads` of a part that starts at source segment s0 and target segment t0 to `out`,
// in the whole's numbering, each confidence times `confidence` (the part's own).
void append_shifted(const std::vector<Bead>& beads, std::uint32_t s0, std::uint32_t t0,
                    double confidence, std::vector<Bead>& out) {
  for (Bead b : beads) {
    b.source_begin += s0;
    b.source_end += s0;
    b.target_begin += t0;
    b.target_end += t0;
    b.confidence *= confidence;
    out.push_back(b);
  }
}

// A run of beads [from, to) of an alignment, to be replaced by the beads [at, at + count) of
// another vector.
struct Replacement {
  std::size_t from, to, at, count;
};

// Replaces every run of `beads` that `runs` names (in order, disjoint) by its beads in `parts`,
// in place: the beads between the runs move by the growth of the runs before them, those that
// move left from left to right and those that move right from right to left, so that none
// overwrites a bead still to move; the runs' new beads fill the gaps last. No second vector
// of the whole alignment is made (at a million beads, 24 MB of fresh pages).
void replace_runs(std::vector<Bead>& beads, const std::vector<Replacement>& runs,
                  const std::vector<Bead>& parts) {
  if (runs.empty()) return;
  const std::size_t old_size = beads.size();
  // The beads kept between the runs (before run k, and after the last), and how far they move.
  struct Kept {
    std::size_t begin, end;
    std::ptrdiff_t shift;
  };
  std::vector<Kept> kept;
  std::ptrdiff_t growth = 0;
  std::size_t next = 0;
  for (const Replacement& r : runs) {
    kept.push_back(Kept{next, r.from, growth});
    growth += static_cast<std::ptrdiff_t>(r.count) - static_cast<std::ptrdiff_t>(r.to - r.from);
    next = r.to;
  }
  kept.push_back(Kept{next, old_size, growth});
  const std::size_t new_size =
      static_cast<std::size_t>(static_cast<std::ptrdiff_t>(old_size) + growth);
  if (new_size > old_size) {
    // The first pass's vector holds its beads exactly: grow it once to the size needed (a
    // resize alone would double it).
    internal::reserve_huge(beads, new_size);
    beads.resize(new_size);
  }
  auto move = [&beads](const Kept& k) {
    const auto begin = beads.begin() + static_cast<std::ptrdiff_t>(k.begin);
    const auto end = beads.begin() + static_cast<std::ptrdiff_t>(k.end);
    if (k.shift < 0)
      std::copy(begin, end, begin + k.shift);
    else
      std::copy_backward(begin, end, end + k.shift);
  };
  for (auto k = kept.begin(); k != kept.end(); ++k)
    if (k->shift < 0) move(*k);
  for (auto k = kept.rbegin(); k != kept.rend(); ++k)
    if (k->shift > 0) move(*k);
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const Replacement& r = runs[k];
    std::copy_n(parts.begin() + static_cast<std::ptrdiff_t>(r.at), r.count,
                beads.begin() + static_cast<std::ptrdiff_t>(r.from) + kept[k].shift);
  }
  beads.resize(new_size);
}

// The first pass by paragraph: the paragraph beads, and the segment beads within each
// (paragraph bead k holds the segment beads [starts[k], starts[k + 1])).
struct ParagraphPass {
  Alignment paragraphs;
  Alignment segments;
  std::vector<std::size_t> starts;
  std::vector<double> inner_priors;  // the priors within every paragraph bead
  AlignOptions inner_options;        // c and s² of the whole pair, no paragraphs
};

// The segments [s0, s1) and [t0, t1) that paragraph bead `p` covers.
struct Span {
  std::uint32_t s0, s1, t0, t1;
};
Span span_of(const Bead& p, const std::vector<Group>& source_groups,
             const std::vector<Group>& target_groups, std::uint32_t n, std::uint32_t m) {
  Span span{};
  span.s0 = p.source_begin < source_groups.size() ? source_groups[p.source_begin].begin : n;
  span.s1 = p.source_count() ? source_groups[p.source_end - 1].end : span.s0;
  span.t0 = p.target_begin < target_groups.size() ? target_groups[p.target_begin].begin : m;
  span.t1 = p.target_count() ? target_groups[p.target_end - 1].end : span.t0;
  return span;
}

// The segment beads within paragraph bead `p` (covering `span`), appended to `out`; their
// confidences are their posteriors within it times its own.
void align_within(const Side& source, const Side& target, const Bead& p, const Span& span,
                  const ParagraphPass& pass, std::vector<Bead>& out) {
  // One segment against at most one: the paragraph bead is the segment bead. The paragraph
  // lattice has already weighed it against its alternatives, with the same lengths and
  // anchors, so its posterior is the bead's.
  if (span.s1 - span.s0 <= 1 && span.t1 - span.t0 <= 1) {
    Bead bead = p;
    bead.source_begin = span.s0;
    bead.source_end = span.s1;
    bead.target_begin = span.t0;
    bead.target_end = span.t1;
    out.push_back(bead);
    return;
  }
  const Alignment inner =
      align_sides(slice(source, span.s0, span.s1), slice(target, span.t0, span.t1),
                  pass.inner_options, &pass.inner_priors);
  append_shifted(inner.beads, span.s0, span.t0, p.confidence, out);
}

// Aligns the paragraphs (lengths summed, anchors merged), then the segments within every
// paragraph bead. c and s² come from the whole pair.
ParagraphPass align_by_paragraph(const Side& source, const Side& target,
                                 const std::vector<Group>& source_groups,
                                 const std::vector<Group>& target_groups,
                                 const AlignOptions& options) {
  auto merge = [](const Side& side, const std::vector<Group>& groups) {
    Side merged;
    for (const Group& g : groups) {
      std::uint64_t length = 0, anchors = 0;
      for (std::uint32_t k = g.begin; k < g.end; ++k) {
        length += side.lengths[k];
        if (!side.anchors.empty()) anchors |= side.anchors[k];
      }
      merged.lengths.push_back(
          static_cast<std::uint32_t>(std::min<std::uint64_t>(length, 4000000000u)));
      if (!side.anchors.empty()) merged.anchors.push_back(anchors);
    }
    return merged;
  };
  double total1 = 0.0, total2 = 0.0;
  for (std::uint32_t l : source.lengths) total1 += l;
  for (std::uint32_t l : target.lengths) total2 += l;
  ParagraphPass pass;
  AlignOptions& fixed = pass.inner_options;
  fixed = options;
  fixed.paragraphs = false;
  if (!(fixed.mean > 0.0)) fixed.mean = total1 > 0.0 && total2 > 0.0 ? total2 / total1 : 1.0;
  if (!(fixed.variance > 0.0)) fixed.variance = kPaperVariance * fixed.mean;
  pass.paragraphs = align_sides(merge(source, source_groups), merge(target, target_groups), fixed);
  pass.segments.model = pass.paragraphs.model;
  // Within a paragraph bead the paper's priors: a group of a few segments has too few beads to
  // re-estimate them (they would stay within about 1% of the paper's under kPriorPseudoCount).
  pass.inner_priors = paper_priors(internal::bead_shapes(options.max_bead, false));
  const auto n = static_cast<std::uint32_t>(source.lengths.size());
  const auto m = static_cast<std::uint32_t>(target.lengths.size());
  for (const Bead& p : pass.paragraphs.beads) {
    pass.starts.push_back(pass.segments.beads.size());
    align_within(source, target, p, span_of(p, source_groups, target_groups, n, m), pass,
                 pass.segments.beads);
  }
  pass.starts.push_back(pass.segments.beads.size());
  return pass;
}

// Most segments of a side hold no learned pair (a masked or garbled translation, a list of
// numbers): the lexicon has nothing to say there.
bool informed(const std::vector<std::uint64_t>& bits) {
  std::size_t with = 0;
  for (std::uint64_t b : bits) with += b != 0 ? 1 : 0;
  return 2 * with >= bits.size();
}

// The lexicon's second pass over one part of the pair, the segments [s0, s1) and [t0, t1)
// whose first beads are `first_beads`: aligned again with the lexicon's signatures (each
// confidence times `confidence`), or, where most segments of a side hold no learned pair, kept
// as they were. Appends the part's beads to `out`.
void realign_part(const Document& source_doc, const Document& target_doc, const Side& source,
                  const Side& target, const internal::Lexicon& lexicon, const Span& span,
                  const AlignOptions& options, const std::vector<double>& priors, double confidence,
                  const Bead* first_begin, const Bead* first_end, std::vector<Bead>& out) {
  Side part_s = slice(source, span.s0, span.s1), part_t = slice(target, span.t0, span.t1);
  part_s.lexicon = lexicon.signatures(source_doc, true, span.s0, span.s1);
  part_t.lexicon = lexicon.signatures(target_doc, false, span.t0, span.t1);
  if (!informed(part_s.lexicon) || !informed(part_t.lexicon)) {
    out.insert(out.end(), first_begin, first_end);
    return;
  }
  append_shifted(align_sides(part_s, part_t, options, &priors).beads, span.s0, span.t0, confidence,
                 out);
}

// The lexicon's second pass after a first pass by paragraph: the paragraph beads stay, and
// the segments within every paragraph bead where the first pass hesitates (a segment bead of
// confidence below kHesitantConfidence within it) are aligned again with the lexicon.
Alignment realign_within_paragraphs(const Document& source_doc, const Document& target_doc,
                                    const Side& source, const Side& target,
                                    const std::vector<Group>& source_groups,
                                    const std::vector<Group>& target_groups, ParagraphPass pass) {
  const std::vector<Bead>& first = pass.segments.beads;
  const auto n = static_cast<std::uint32_t>(source.lengths.size());
  const auto m = static_cast<std::uint32_t>(target.lengths.size());
  std::vector<std::size_t> hesitant;  // paragraph beads
  for (std::size_t k = 0; k < pass.paragraphs.beads.size(); ++k) {
    const Bead& p = pass.paragraphs.beads[k];
    for (std::size_t b = pass.starts[k]; b < pass.starts[k + 1]; ++b) {
      if (first[b].confidence < kHesitantConfidence * p.confidence) {
        hesitant.push_back(k);
        break;
      }
    }
  }
  if (hesitant.empty()) return std::move(pass.segments);
  const internal::Lexicon lexicon(source_doc, target_doc, first);
  if (lexicon.size() == 0) return std::move(pass.segments);
  // The hesitant paragraph beads' new segment beads, then put in place of the old.
  std::vector<Bead> parts;
  std::vector<Replacement> runs;
  for (const std::size_t k : hesitant) {
    const Bead& p = pass.paragraphs.beads[k];
    const std::size_t at = parts.size();
    realign_part(source_doc, target_doc, source, target, lexicon,
                 span_of(p, source_groups, target_groups, n, m), pass.inner_options,
                 pass.inner_priors, p.confidence, first.data() + pass.starts[k],
                 first.data() + pass.starts[k + 1], parts);
    runs.push_back(Replacement{pass.starts[k], pass.starts[k + 1], at, parts.size() - at});
  }
  Alignment result = std::move(pass.segments);
  replace_runs(result.beads, runs, parts);
  return result;
}

}  // namespace

void AlignOptions::validate() const {
  if (!(mean >= 0.0) || !std::isfinite(mean))
    throw OptionsError(option_error("mean", ">= 0 (0: estimate)", mean));
  if (!(variance >= 0.0) || !std::isfinite(variance))
    throw OptionsError(option_error("variance", ">= 0 (0: estimate)", variance));
  if (max_bead < 1 || max_bead > 8)
    throw OptionsError(option_error("max_bead", "in 1..8", max_bead));
}

Alignment align_lengths(const std::vector<std::uint32_t>& source_lengths,
                        const std::vector<std::uint32_t>& target_lengths,
                        const AlignOptions& options) {
  options.validate();
  Side source, target;
  source.lengths = source_lengths;
  target.lengths = target_lengths;
  return align_sides(source, target, options);
}

Alignment align(const Document& source, const Document& target, const AlignOptions& options) {
  options.validate();
  Side s, t;
  const bool anchors = options.anchors && !options.plain;
  auto fill = [anchors](const Document& doc, Side& side) {
    internal::reserve_huge(side.lengths, doc.segments.size());
    for (const Segment& seg : doc.segments) side.lengths.push_back(seg.length);
    if (!anchors) return;
    internal::reserve_huge(side.anchors, doc.segments.size());
    for (const Segment& seg : doc.segments) {
      const bool inside = seg.begin <= seg.end && seg.end <= doc.text.size();
      side.anchors.push_back(
          inside ? internal::anchor_signature(doc.text.substr(seg.begin, seg.end - seg.begin)) : 0);
    }
  };
  fill(source, s);
  fill(target, t);
  // Paragraphs first (Gale & Church 1993, section 4) when both sides have paragraphs that group
  // several segments; not with kLines input, where every segment is its own paragraph.
  const std::size_t source_paragraphs = paragraph_count(source);
  const std::size_t target_paragraphs = paragraph_count(target);
  const bool by_paragraph = options.paragraphs && !options.plain && source_paragraphs >= 2 &&
                            target_paragraphs >= 2 && source_paragraphs < source.segments.size() &&
                            target_paragraphs < target.segments.size();
  if (by_paragraph) {
    const std::vector<Group> source_groups = paragraph_groups(source);
    const std::vector<Group> target_groups = paragraph_groups(target);
    ParagraphPass pass = align_by_paragraph(s, t, source_groups, target_groups, options);
    if (!options.lexicon) return std::move(pass.segments);
    return realign_within_paragraphs(source, target, s, t, source_groups, target_groups,
                                     std::move(pass));
  }
  // The bead priors of the first pass.
  std::vector<double> priors;
  Alignment first = align_sides(s, t, options, nullptr, &priors);
  if (!options.lexicon || options.plain) return first;
  // The hesitant stretches, as ranges [first, last] of bead indexes.
  std::vector<std::pair<std::size_t, std::size_t>> stretches;
  std::size_t covered = 0;
  const std::size_t count = first.beads.size();
  for (std::size_t k = 0; k < count; ++k) {
    if (!(first.beads[k].confidence < kHesitantConfidence)) continue;
    const std::size_t from = k > kHesitantPad ? k - kHesitantPad : 0;
    const std::size_t to = std::min(count - 1, k + kHesitantPad);
    if (!stretches.empty() && from <= stretches.back().second + 1)
      stretches.back().second = std::max(stretches.back().second, to);
    else
      stretches.emplace_back(from, to);
  }
  if (stretches.empty()) return first;
  for (const auto& [from, to] : stretches) covered += to - from + 1;
  const internal::Lexicon lexicon(source, target, first.beads);
  if (lexicon.size() == 0) return first;
  const auto n = static_cast<std::uint32_t>(source.segments.size());
  const auto m = static_cast<std::uint32_t>(target.segments.size());
  if (static_cast<double>(covered) > kWholeRealignShare * static_cast<double>(count)) {
    s.lexicon = lexicon.signatures(source, true, 0, n);
    t.lexicon = lexicon.signatures(target, false, 0, m);
    return align_sides(s, t, options);
  }
  // Each stretch again, with the first pass's length model and priors, between its end nodes.
  AlignOptions fixed = options;
  fixed.paragraphs = false;
  fixed.mean = first.model.mean;
  fixed.variance = first.model.variance;
  // The stretches' new beads, then put in place of the old.
  std::vector<Bead> parts;
  std::vector<Replacement> runs;
  for (const auto& [from, to] : stretches) {
    const Span span{first.beads[from].source_begin, first.beads[to].source_end,
                    first.beads[from].target_begin, first.beads[to].target_end};
    const std::size_t at = parts.size();
    realign_part(source, target, s, t, lexicon, span, fixed, priors, 1.0, first.beads.data() + from,
                 first.beads.data() + to + 1, parts);
    runs.push_back(Replacement{from, to + 1, at, parts.size() - at});
  }
  replace_runs(first.beads, runs, parts);
  return first;
}

}  // namespace tralign
