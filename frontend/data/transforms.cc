// Element-wise and counting stages: map (sequential or parallel, in
// order), filter, batch, repeat, take, skip, cache.
#include <algorithm>
#include <mutex>

#include "frontend/data/dataset.h"
#include "frontend/data/element_util.h"
#include "runtime/threading/thread_pool.h"

namespace kiln {
namespace data {
namespace {

using Upstream = std::unique_ptr<Iterator>;

// Pulls up to `n` inputs, maps them on the thread pool, hands them out in
// input order.
class MapIterator : public Iterator {
 public:
  MapIterator(Upstream in, Dataset::MapFn fn, int parallel)
      : in_(std::move(in)),
        fn_(std::move(fn)),
        parallel_(std::max(1, parallel)) {}
  StatusOr<std::optional<Element>> Next() override {
    if (ready_ == done_.size()) KILN_RETURN_IF_ERROR(Fill());
    if (ready_ == done_.size()) return std::optional<Element>();
    KILN_RETURN_IF_ERROR(results_[ready_]);
    return std::optional<Element>(std::move(done_[ready_++]));
  }

 private:
  Status Fill() {
    std::vector<Element> inputs;
    while (static_cast<int>(inputs.size()) < parallel_) {
      KILN_ASSIGN_OR_RETURN(std::optional<Element> e, in_->Next());
      if (!e) break;
      inputs.push_back(std::move(*e));
    }
    done_.assign(inputs.size(), Element());
    results_.assign(inputs.size(), OkStatus());
    auto run = [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        StatusOr<Element> out =
            CatchExceptions([&] { return fn_(std::move(inputs[i])); });
        if (out.ok()) {
          done_[i] = *std::move(out);
        } else {
          results_[i] = AtElement(out.status(), "map", index_ + i);
        }
      }
    };
    if (parallel_ > 1 && inputs.size() > 1) {
      DefaultThreadPool()->ParallelFor(static_cast<int64_t>(inputs.size()), 1,
                                       run);
    } else {
      run(0, static_cast<int64_t>(inputs.size()));
    }
    index_ += static_cast<int64_t>(inputs.size());
    ready_ = 0;
    return OkStatus();
  }

  Upstream in_;
  Dataset::MapFn fn_;
  int parallel_;
  std::vector<Element> done_;
  std::vector<Status> results_;
  size_t ready_ = 0;
  int64_t index_ = 0;
};

class FilterIterator : public Iterator {
 public:
  FilterIterator(Upstream in, Dataset::Predicate keep)
      : in_(std::move(in)), keep_(std::move(keep)) {}
  StatusOr<std::optional<Element>> Next() override {
    while (true) {
      KILN_ASSIGN_OR_RETURN(std::optional<Element> e, in_->Next());
      if (!e) return e;
      StatusOr<bool> keep = CatchExceptions([&] { return keep_(*e); });
      if (!keep.ok()) return AtElement(keep.status(), "filter", index_);
      ++index_;
      if (*keep) return e;
    }
  }

 private:
  Upstream in_;
  Dataset::Predicate keep_;
  int64_t index_ = 0;
};

class BatchIterator : public Iterator {
 public:
  BatchIterator(Upstream in, int64_t size, bool drop)
      : in_(std::move(in)), size_(std::max<int64_t>(1, size)), drop_(drop) {}
  StatusOr<std::optional<Element>> Next() override {
    KILN_ASSIGN_OR_RETURN(std::vector<Element> items,
                          NextBatchItems(*in_, size_, drop_));
    if (items.empty()) return std::optional<Element>();
    KILN_ASSIGN_OR_RETURN(Element batch, Stack(items));
    return std::optional<Element>(std::move(batch));
  }

 private:
  Upstream in_;
  int64_t size_;
  bool drop_;
};

class UnbatchIterator : public Iterator {
 public:
  explicit UnbatchIterator(Upstream in) : in_(std::move(in)) {}
  StatusOr<std::optional<Element>> Next() override {
    while (!batch_ || row_ >= Rows(*batch_)) {
      KILN_ASSIGN_OR_RETURN(batch_, in_->Next());
      if (!batch_) return std::optional<Element>();
      row_ = 0;
    }
    Element e;
    for (const Tensor& t : *batch_) {
      if (t.dims() == 0 || t.dim_size(0) != Rows(*batch_)) {
        return InvalidArgument("unbatch: components differ in dim 0");
      }
      KILN_ASSIGN_OR_RETURN(Tensor row, RowOf(t, row_));
      e.push_back(std::move(row));
    }
    ++row_;
    return std::optional<Element>(std::move(e));
  }

 private:
  static int64_t Rows(const Element& e) {
    return e.empty() || e[0].dims() == 0 ? 0 : e[0].dim_size(0);
  }
  Upstream in_;
  std::optional<Element> batch_;
  int64_t row_ = 0;
};

// Repeat, Take and Skip: count elements and passes.
class RepeatIterator : public Iterator {
 public:
  RepeatIterator(Dataset::Factory upstream, int64_t epoch, int64_t count)
      : upstream_(std::move(upstream)), epoch_(epoch), count_(count) {}
  StatusOr<std::optional<Element>> Next() override {
    while (count_ < 0 || pass_ < count_) {
      if (!in_) in_ = upstream_(epoch_ * 1000003 + pass_);
      KILN_ASSIGN_OR_RETURN(std::optional<Element> e, in_->Next());
      if (e) {
        empty_pass_ = false;
        return e;
      }
      if (empty_pass_) break;  // an empty dataset repeats to nothing
      in_.reset();
      empty_pass_ = true;
      ++pass_;
    }
    return std::optional<Element>();
  }

 private:
  Dataset::Factory upstream_;
  int64_t epoch_, count_, pass_ = 0;
  bool empty_pass_ = true;
  Upstream in_;
};

class TakeSkipIterator : public Iterator {
 public:
  TakeSkipIterator(Upstream in, int64_t take, int64_t skip)
      : in_(std::move(in)), take_(take), skip_(skip) {}
  StatusOr<std::optional<Element>> Next() override {
    for (; skip_ > 0; --skip_) {
      KILN_ASSIGN_OR_RETURN(std::optional<Element> e, in_->Next());
      if (!e) return e;
    }
    if (take_ == 0) return std::optional<Element>();
    if (take_ > 0) --take_;
    return in_->Next();
  }

 private:
  Upstream in_;
  int64_t take_, skip_;
};

// The first complete pass, shared by every iterator of the dataset.
struct CacheState {
  std::mutex mu;
  bool complete = false;
  std::vector<Element> elements;
};

class CacheIterator : public Iterator {
 public:
  CacheIterator(std::shared_ptr<CacheState> state, Dataset::Factory upstream,
                int64_t epoch)
      : state_(std::move(state)) {
    std::lock_guard<std::mutex> lock(state_->mu);
    replay_ = state_->complete;
    if (!replay_) in_ = upstream(epoch);
  }
  StatusOr<std::optional<Element>> Next() override {
    if (replay_) {
      if (next_ >= state_->elements.size()) return std::optional<Element>();
      return std::optional<Element>(state_->elements[next_++]);
    }
    KILN_ASSIGN_OR_RETURN(std::optional<Element> e, in_->Next());
    if (e) {
      seen_.push_back(*e);
    } else {
      std::lock_guard<std::mutex> lock(state_->mu);
      if (!state_->complete) {
        state_->elements = std::move(seen_);
        state_->complete = true;
      }
    }
    return e;
  }

 private:
  std::shared_ptr<CacheState> state_;
  bool replay_ = false;
  size_t next_ = 0;
  Upstream in_;
  std::vector<Element> seen_;
};

}  // namespace

Dataset Dataset::Map(MapFn fn, int num_parallel_calls) const {
  Factory up = factory_;
  return Dataset([=](int64_t epoch) {
    return std::make_unique<MapIterator>(up(epoch), fn, num_parallel_calls);
  });
}

Dataset Dataset::Filter(Predicate keep) const {
  Factory up = factory_;
  return Derived([=](int64_t epoch) {
    return std::make_unique<FilterIterator>(up(epoch), keep);
  });
}

Dataset Dataset::Batch(int64_t size, bool drop_remainder) const {
  Factory up = factory_;
  return Derived([=](int64_t epoch) {
    return std::make_unique<BatchIterator>(up(epoch), size, drop_remainder);
  });
}

Dataset Dataset::Unbatch() const {
  Factory up = factory_;
  return Derived([=](int64_t epoch) {
    return std::make_unique<UnbatchIterator>(up(epoch));
  });
}

Dataset Dataset::Repeat(int64_t count) const {
  Factory up = factory_;
  return Derived([=](int64_t epoch) {
    return std::make_unique<RepeatIterator>(up, epoch, count);
  });
}

Dataset Dataset::Take(int64_t count) const {
  Factory up = factory_;
  return Derived([=](int64_t epoch) {
    return std::make_unique<TakeSkipIterator>(up(epoch), count, 0);
  });
}

Dataset Dataset::Skip(int64_t count) const {
  Factory up = factory_;
  return Derived([=](int64_t epoch) {
    return std::make_unique<TakeSkipIterator>(up(epoch), -1, count);
  });
}

Dataset Dataset::Cache() const {
  Factory up = factory_;
  auto state = std::make_shared<CacheState>();
  return Derived([=](int64_t epoch) {
    return std::make_unique<CacheIterator>(state, up, epoch);
  });
}

}  // namespace data
}  // namespace kiln
