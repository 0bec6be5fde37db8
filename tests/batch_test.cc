// Tests of the batch API (tralign/batch.h): order, the in-flight bound, errors, equivalence.
#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "tralign/tralign.h"

namespace {

// A small document pair whose size depends on `n` (so workers finish out of order).
tralign::BatchDocument make_document(std::size_t n) {
  tralign::BatchDocument document;
  document.id = "doc" + std::to_string(n);
  for (std::size_t i = 0; i < 1 + (n * 7) % 23; ++i) {
    document.source_text +=
        "Sentence number " + std::to_string(i) + " of document " + std::to_string(n) + " is here. ";
    document.target_text +=
        "Satz Nummer " + std::to_string(i) + " von Dokument " + std::to_string(n) + " steht hier. ";
    if (i % 4 == 3) {
      document.source_text += "\n";
      document.target_text += "\n";
    }
  }
  return document;
}

tralign::BatchOptions batch_options(int jobs, std::size_t max_in_flight, bool ordered = true) {
  tralign::BatchOptions batch;
  batch.jobs = jobs;
  batch.max_in_flight = max_in_flight;
  batch.ordered = ordered;
  return batch;
}

}  // namespace

TEST_CASE("Batch results arrive in input order, each document once", "[batch]") {
  const tralign::BatchAligner aligner(tralign::Options{}, batch_options(3, 5));
  std::size_t next = 0;
  std::vector<std::size_t> delivered;
  aligner.run(
      [&]() -> std::optional<tralign::BatchDocument> {
        if (next == 40) return std::nullopt;
        return make_document(next++);
      },
      [&](tralign::BatchResult result) {
        CHECK_FALSE(result.error);
        CHECK(result.id == "doc" + std::to_string(result.index));
        delivered.push_back(result.index);
      });
  REQUIRE(delivered.size() == 40);
  for (std::size_t i = 0; i < delivered.size(); ++i) CHECK(delivered[i] == i);
}

TEST_CASE("Batch never holds more documents than max_in_flight", "[batch]") {
  for (const bool ordered : {true, false}) {
    for (const std::size_t bound :
         {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}}) {
      const tralign::BatchAligner aligner(tralign::Options{}, batch_options(2, bound, ordered));
      std::size_t produced = 0;   // documents handed to the pool
      std::size_t delivered = 0;  // results returned from the sink
      std::size_t most = 0;       // the largest number held at once
      aligner.run(
          [&]() -> std::optional<tralign::BatchDocument> {
            // The pool asks for a document only when it may hold one more.
            CHECK(produced - delivered < bound);
            if (produced == 60) return std::nullopt;
            ++produced;
            most = std::max(most, produced - delivered);
            return make_document(produced);
          },
          [&](tralign::BatchResult) {
            CHECK(produced - delivered <= bound);
            ++delivered;
          });
      CHECK(delivered == 60);
      CHECK(most <= bound);
      CHECK(most >= 1);
    }
  }
}

TEST_CASE("Unordered batch delivers every index exactly once", "[batch]") {
  const tralign::BatchAligner aligner(tralign::Options{}, batch_options(2, 6, false));
  std::size_t next = 0;
  std::multiset<std::size_t> seen;
  aligner.run(
      [&]() -> std::optional<tralign::BatchDocument> {
        if (next == 30) return std::nullopt;
        return make_document(next++);
      },
      [&](tralign::BatchResult result) {
        CHECK(result.id == "doc" + std::to_string(result.index));
        seen.insert(result.index);
      });
  REQUIRE(seen.size() == 30);
  for (std::size_t i = 0; i < 30; ++i) CHECK(seen.count(i) == 1);
}

TEST_CASE("Batch gives the same beads and findings as the Aligner one by one", "[batch]") {
  tralign::Options options;
  options.source.lang = "en";
  options.target.lang = "de";
  std::vector<tralign::BatchDocument> documents;
  for (std::size_t i = 0; i < 12; ++i) documents.push_back(make_document(i));
  const std::vector<tralign::BatchDocument> copies = documents;
  const tralign::BatchAligner aligner(options, batch_options(2, 3));
  const std::vector<tralign::BatchResult> results = aligner.run(std::move(documents));
  REQUIRE(results.size() == copies.size());
  const tralign::Aligner single(options);
  for (std::size_t i = 0; i < results.size(); ++i) {
    const tralign::Report expected = single.diff(copies[i].source_text, copies[i].target_text);
    const tralign::Report& got = results[i].report;
    REQUIRE(got.alignment.beads.size() == expected.alignment.beads.size());
    for (std::size_t b = 0; b < got.alignment.beads.size(); ++b) {
      CHECK(got.alignment.beads[b].source_begin == expected.alignment.beads[b].source_begin);
      CHECK(got.alignment.beads[b].target_end == expected.alignment.beads[b].target_end);
      CHECK(got.alignment.beads[b].confidence == expected.alignment.beads[b].confidence);
    }
    CHECK(got.findings.size() == expected.findings.size());
    CHECK(got.source.segments.size() == expected.source.segments.size());
  }
}

TEST_CASE("Batch reports refer to the texts their result owns, also after a move", "[batch]") {
  std::vector<tralign::BatchDocument> documents{make_document(3), make_document(4)};
  documents[0].source_path = "a.en";
  documents[0].target_path = "a.de";
  const tralign::BatchAligner aligner(tralign::Options{}, batch_options(2, 2));
  std::vector<tralign::BatchResult> results = aligner.run(std::move(documents));
  const tralign::BatchResult moved = std::move(results[0]);
  REQUIRE(moved.document != nullptr);
  CHECK(moved.report.source.text.data() == moved.document->source_text.data());
  CHECK(moved.report.target.text.data() == moved.document->target_text.data());
  CHECK(moved.report.source_path == "a.en");
  CHECK(moved.report.target_path == "a.de");
}

TEST_CASE("A document with invalid UTF-8 is delivered with its error; the others go on",
          "[batch]") {
  std::vector<tralign::BatchDocument> documents{make_document(1), make_document(2),
                                                make_document(3)};
  documents[1].target_text += "\xC3\x28";
  tralign::BatchOptions batch = batch_options(2, 2);
  batch.task = tralign::BatchTask::kAlign;
  const tralign::BatchAligner aligner(tralign::Options{}, batch);
  const std::vector<tralign::BatchResult> results = aligner.run(std::move(documents));
  REQUIRE(results.size() == 3);
  CHECK_FALSE(results[0].error);
  CHECK_FALSE(results[2].error);
  REQUIRE(results[1].error);
  CHECK_THROWS_AS(std::rethrow_exception(results[1].error), tralign::EncodingError);
  CHECK(results[1].error_message.find("target") != std::string::npos);
  CHECK(results[1].report.alignment.beads.empty());
  CHECK_FALSE(results[0].report.alignment.beads.empty());
}

TEST_CASE("An exception from the sink or the source stops the batch and is rethrown", "[batch]") {
  const tralign::BatchAligner aligner(tralign::Options{}, batch_options(2, 4));
  std::size_t next = 0;
  auto source = [&]() -> std::optional<tralign::BatchDocument> {
    if (next == 100) return std::nullopt;
    return make_document(next++);
  };
  CHECK_THROWS_AS(aligner.run(source,
                              [](tralign::BatchResult result) {
                                if (result.index == 5) throw std::runtime_error("sink");
                              }),
                  std::runtime_error);
  CHECK(next < 100);
  next = 0;
  CHECK_THROWS_WITH(aligner.run(
                        [&]() -> std::optional<tralign::BatchDocument> {
                          if (next == 9) throw std::runtime_error("source");
                          return make_document(next++);
                        },
                        [](tralign::BatchResult) {}),
                    "source");
}

TEST_CASE("An empty batch calls the sink never", "[batch]") {
  const tralign::BatchAligner aligner(tralign::Options{}, batch_options(2, 0));
  int calls = 0;
  aligner.run([]() -> std::optional<tralign::BatchDocument> { return std::nullopt; },
              [&](tralign::BatchResult) { ++calls; });
  CHECK(calls == 0);
  CHECK(aligner.run(std::vector<tralign::BatchDocument>{}).empty());
}

TEST_CASE("Batch options are validated and their zero defaults resolved", "[batch]") {
  CHECK_THROWS_AS(tralign::BatchAligner(tralign::Options{}, batch_options(-1, 0)),
                  tralign::OptionsError);
  CHECK_THROWS_AS(tralign::BatchAligner(tralign::Options{}, batch_options(5000, 0)),
                  tralign::OptionsError);
  tralign::Options bad;
  bad.source.lang = "not a tag!";
  CHECK_THROWS_AS(tralign::BatchAligner(bad, batch_options(1, 1)), tralign::OptionsError);
  const tralign::BatchAligner aligner(tralign::Options{}, batch_options(0, 0));
  CHECK(aligner.batch_options().jobs >= 1);
  CHECK(aligner.batch_options().max_in_flight ==
        4 * static_cast<std::size_t>(aligner.batch_options().jobs));
}

TEST_CASE("Batch hooks prepare documents and finish results on the workers", "[batch]") {
  const tralign::BatchAligner aligner(tralign::Options{}, batch_options(2, 3));
  tralign::BatchHooks hooks;
  // The source hands out only a number; prepare makes the texts (or fails for number 4).
  hooks.prepare = [](tralign::BatchDocument& document) {
    const std::size_t n = std::stoul(document.source_text);
    if (n == 4) throw std::invalid_argument("no document 4");
    document = make_document(n);
  };
  hooks.finish = [](tralign::BatchResult& result) {
    result.output = result.id + ":" + std::to_string(result.report.alignment.beads.size());
  };
  std::size_t next = 0;
  std::vector<tralign::BatchResult> results;
  aligner.run(
      [&]() -> std::optional<tralign::BatchDocument> {
        if (next == 10) return std::nullopt;
        tralign::BatchDocument document;
        document.id = "raw";
        document.source_text = std::to_string(next++);
        return document;
      },
      [&](tralign::BatchResult result) { results.push_back(std::move(result)); }, hooks);
  REQUIRE(results.size() == 10);
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (i == 4) {
      CHECK(results[i].error);
      CHECK(results[i].error_message == "no document 4");
      CHECK(results[i].output.empty());
      CHECK(results[i].id == "raw");
      continue;
    }
    REQUIRE_FALSE(results[i].error);
    CHECK(results[i].id == "doc" + std::to_string(i));
    CHECK(results[i].output ==
          results[i].id + ":" + std::to_string(results[i].report.alignment.beads.size()));
    CHECK_FALSE(results[i].report.alignment.beads.empty());
  }
}
