// Shuffle (a seeded buffer) and Prefetch (a worker thread and a bounded
// queue).
#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

#include "frontend/data/dataset.h"

namespace kiln {
namespace data {
namespace {

class ShuffleIterator : public Iterator {
 public:
  ShuffleIterator(std::unique_ptr<Iterator> in, int64_t buffer, uint64_t seed)
      : in_(std::move(in)),
        buffer_size_(std::max<int64_t>(1, buffer)),
        rng_(seed) {}
  StatusOr<std::optional<Element>> Next() override {
    while (!exhausted_ && static_cast<int64_t>(buffer_.size()) < buffer_size_) {
      KILN_ASSIGN_OR_RETURN(std::optional<Element> e, in_->Next());
      if (!e) {
        exhausted_ = true;
        break;
      }
      buffer_.push_back(std::move(*e));
    }
    if (buffer_.empty()) return std::optional<Element>();
    const size_t pick = rng_() % buffer_.size();
    std::swap(buffer_[pick], buffer_.back());
    Element out = std::move(buffer_.back());
    buffer_.pop_back();
    return std::optional<Element>(std::move(out));
  }

 private:
  std::unique_ptr<Iterator> in_;
  int64_t buffer_size_;
  std::mt19937_64 rng_;
  std::vector<Element> buffer_;
  bool exhausted_ = false;
};

class PrefetchIterator : public Iterator {
 public:
  PrefetchIterator(std::unique_ptr<Iterator> in, int64_t buffer)
      : in_(std::move(in)), capacity_(std::max<int64_t>(1, buffer)) {
    worker_ = std::thread([this] { Produce(); });
  }
  ~PrefetchIterator() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }
  StatusOr<std::optional<Element>> Next() override {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return !queue_.empty() || finished_; });
    if (queue_.empty()) {
      if (!status_.ok()) return status_;
      return std::optional<Element>();
    }
    Element e = std::move(queue_.front());
    queue_.pop_front();
    cv_.notify_all();
    return std::optional<Element>(std::move(e));
  }

 private:
  void Produce() {
    while (true) {
      StatusOr<std::optional<Element>> e = in_->Next();
      std::unique_lock<std::mutex> lock(mu_);
      if (!e.ok() || !*e) {
        status_ = e.ok() ? OkStatus() : e.status();
        finished_ = true;
        cv_.notify_all();
        return;
      }
      queue_.push_back(std::move(**e));
      cv_.notify_all();
      cv_.wait(lock, [this] {
        return stop_ || static_cast<int64_t>(queue_.size()) < capacity_;
      });
      if (stop_) return;
    }
  }

  std::unique_ptr<Iterator> in_;
  int64_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Element> queue_;
  bool stop_ = false, finished_ = false;
  Status status_;
  std::thread worker_;
};

}  // namespace

Dataset Dataset::Shuffle(int64_t buffer_size, uint64_t seed,
                         bool reshuffle_each_iteration) const {
  Factory up = factory_;
  return Derived([=](int64_t epoch) {
    const uint64_t s = reshuffle_each_iteration
                           ? seed + 1000003 * static_cast<uint64_t>(epoch)
                           : seed;
    return std::make_unique<ShuffleIterator>(up(epoch), buffer_size, s);
  });
}

Dataset Dataset::Prefetch(int64_t buffer_size) const {
  Factory up = factory_;
  return Derived([=](int64_t epoch) {
    return std::make_unique<PrefetchIterator>(up(epoch), buffer_size);
  });
}

}  // namespace data
}  // namespace kiln
