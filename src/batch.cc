// batch.cc: a pool of worker threads between a bounded queue of documents and an ordered
// hand-back of results. The calling thread reads documents and delivers results; workers only
// align.
#include "tralign/batch.h"

#include <fmt/format.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "tralign/error.h"
#include "tralign/tralign.h"

namespace tralign {

void BatchOptions::validate() const {
  if (jobs < 0 || jobs > 1024) {
    throw OptionsError(
        fmt::format("BatchOptions.jobs: must be in 0-1024 (0: one per core), got {}", jobs));
  }
}

struct BatchAligner::Rep {
  Rep(const Options& options, BatchOptions b) : aligner(options), batch(b) {}
  Aligner aligner;
  BatchOptions batch;
};

namespace {

// The state one run() shares between the calling thread and its workers.
class Pool {
 public:
  Pool(const Aligner& aligner, const BatchOptions& batch, const BatchHooks& hooks)
      : aligner_(aligner), batch_(batch), hooks_(hooks) {}

  void run(const BatchAligner::Source& source, const BatchAligner::Sink& sink) {
    std::vector<std::thread> workers;
    workers.reserve(static_cast<std::size_t>(batch_.jobs));
    for (int i = 0; i < batch_.jobs; ++i) workers.emplace_back([this] { work(); });
    try {
      feed(source, sink);
    } catch (...) {
      stop(workers);
      throw;
    }
    stop(workers);
  }

 private:
  // The calling thread: hands out documents while fewer than max_in_flight are held, and
  // delivers finished results (in order when asked to).
  void feed(const BatchAligner::Source& source, const BatchAligner::Sink& sink) {
    std::size_t next_index = 0;    // index of the next document to read
    std::size_t next_deliver = 0;  // index of the next result to deliver (ordered mode)
    std::size_t in_flight = 0;     // read but not yet delivered
    bool exhausted = false;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!exhausted || in_flight > 0) {
      auto ready = done_.end();
      if (!done_.empty()) ready = batch_.ordered ? done_.find(next_deliver) : done_.begin();
      if (ready != done_.end()) {
        BatchResult result = std::move(ready->second);
        done_.erase(ready);
        ++next_deliver;
        lock.unlock();
        sink(std::move(result));
        lock.lock();
        --in_flight;
        continue;
      }
      if (!exhausted && in_flight < batch_.max_in_flight) {
        lock.unlock();
        std::optional<BatchDocument> document = source();
        lock.lock();
        if (!document) {
          exhausted = true;
        } else {
          queue_.emplace_back(next_index++, std::make_unique<BatchDocument>(std::move(*document)));
          ++in_flight;
          work_ready_.notify_one();
        }
        continue;
      }
      result_ready_.wait(lock);
    }
  }

  // A worker: aligns queued documents until stop() is called.
  void work() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      auto [index, document] = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      BatchResult result = process(index, std::move(document));
      lock.lock();
      done_.emplace(index, std::move(result));
      result_ready_.notify_one();
    }
  }

  BatchResult process(std::size_t index, std::unique_ptr<BatchDocument> document) const {
    BatchResult result;
    result.index = index;
    result.document = std::move(document);
    BatchDocument& d = *result.document;
    try {
      if (hooks_.prepare) hooks_.prepare(d);
      result.report = batch_.task == BatchTask::kDiff
                          ? aligner_.diff(d.source_text, d.target_text)
                          : aligner_.align(d.source_text, d.target_text);
      result.report.source_path = d.source_path;
      result.report.target_path = d.target_path;
      result.id = d.id;
      if (hooks_.finish) hooks_.finish(result);
    } catch (const std::exception& e) {
      fail(result, e.what());
    } catch (...) {
      fail(result, "unknown error");
    }
    return result;
  }

  // Marks `result` failed with the exception being handled.
  static void fail(BatchResult& result, const char* message) {
    result.id = result.document->id;
    result.report = Report{};
    result.output.clear();
    result.error = std::current_exception();
    result.error_message = message;
  }

  void stop(std::vector<std::thread>& workers) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    for (std::thread& worker : workers) worker.join();
  }

  const Aligner& aligner_;
  const BatchOptions& batch_;
  const BatchHooks& hooks_;
  std::mutex mutex_;
  std::condition_variable work_ready_;    // queue_ has a document, or stopping_
  std::condition_variable result_ready_;  // done_ has a new result
  std::deque<std::pair<std::size_t, std::unique_ptr<BatchDocument>>> queue_;
  std::map<std::size_t, BatchResult> done_;
  bool stopping_ = false;
};

}  // namespace

BatchAligner::BatchAligner(const Options& options, BatchOptions batch) {
  batch.validate();
  if (batch.jobs == 0)
    batch.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (batch.max_in_flight == 0) batch.max_in_flight = 4 * static_cast<std::size_t>(batch.jobs);
  rep_ = std::make_unique<Rep>(options, batch);
}
BatchAligner::~BatchAligner() = default;
BatchAligner::BatchAligner(BatchAligner&&) noexcept = default;
BatchAligner& BatchAligner::operator=(BatchAligner&&) noexcept = default;

const Aligner& BatchAligner::aligner() const { return rep_->aligner; }
const BatchOptions& BatchAligner::batch_options() const { return rep_->batch; }

void BatchAligner::run(const Source& source, const Sink& sink) const {
  run(source, sink, BatchHooks{});
}

void BatchAligner::run(const Source& source, const Sink& sink, const BatchHooks& hooks) const {
  Pool(rep_->aligner, rep_->batch, hooks).run(source, sink);
}

std::vector<BatchResult> BatchAligner::run(std::vector<BatchDocument> documents) const {
  std::vector<BatchResult> results(documents.size());
  std::size_t next = 0;
  run(
      [&]() -> std::optional<BatchDocument> {
        if (next == documents.size()) return std::nullopt;
        return std::move(documents[next++]);
      },
      [&](BatchResult result) {
        const std::size_t index = result.index;
        results[index] = std::move(result);
      });
  return results;
}

}  // namespace tralign
