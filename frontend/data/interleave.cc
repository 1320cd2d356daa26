// Interleave: tf.data's interleave, the same cycle order (InterleaveDataset
// in TensorFlow): a slot that ends is refilled from the next input element
// in place and read at once; otherwise the cycle moves on after
// block_length elements.
#include <algorithm>

#include "frontend/data/dataset.h"
#include "frontend/data/element_util.h"

namespace kiln {
namespace data {
namespace {

class InterleaveIterator : public Iterator {
 public:
  InterleaveIterator(std::unique_ptr<Iterator> in, Dataset::DatasetFn fn,
                     int cycle, int block, int parallel, int64_t epoch)
      : in_(std::move(in)),
        fn_(std::move(fn)),
        slots_(std::max(1, cycle)),
        block_(std::max(1, block)),
        parallel_(parallel),
        epoch_(epoch) {}

  StatusOr<std::optional<Element>> Next() override {
    while (!end_of_input_ || open_ > 0) {
      std::unique_ptr<Iterator>& slot = slots_[cycle_index_];
      if (slot) {
        KILN_ASSIGN_OR_RETURN(std::optional<Element> e, slot->Next());
        if (e) {
          if (++block_index_ == block_) Advance();
          return e;
        }
        slot.reset();
        --open_;
        Advance();
      } else if (!end_of_input_) {
        KILN_RETURN_IF_ERROR(Open(slot));
      } else {
        Advance();
      }
    }
    return std::optional<Element>();
  }

 private:
  void Advance() {
    block_index_ = 0;
    cycle_index_ = (cycle_index_ + 1) % slots_.size();
  }

  // The next input element's dataset into `slot`, or the end of input.
  Status Open(std::unique_ptr<Iterator>& slot) {
    KILN_ASSIGN_OR_RETURN(std::optional<Element> e, in_->Next());
    if (!e) {
      end_of_input_ = true;
      return OkStatus();
    }
    StatusOr<Dataset> ds = CatchExceptions([&] { return fn_(*e); });
    if (!ds.ok()) return AtElement(ds.status(), "interleave", index_);
    ++index_;
    // Reading ahead on a worker keeps the order: each slot is one stream.
    slot = (parallel_ > 1 ? ds->Prefetch(block_) : *ds).MakeIterator(epoch_);
    ++open_;
    return OkStatus();
  }

  std::unique_ptr<Iterator> in_;
  Dataset::DatasetFn fn_;
  std::vector<std::unique_ptr<Iterator>> slots_;
  int block_;
  int parallel_;
  int64_t epoch_;
  size_t cycle_index_ = 0;
  int block_index_ = 0;
  int open_ = 0;
  bool end_of_input_ = false;
  int64_t index_ = 0;
};

}  // namespace

Dataset Dataset::Interleave(DatasetFn fn, int cycle_length, int block_length,
                            int num_parallel_calls) const {
  Factory up = factory_;
  return Dataset([=](int64_t epoch) {
    return std::make_unique<InterleaveIterator>(
        up(epoch), fn, cycle_length, block_length, num_parallel_calls, epoch);
  });
}

}  // namespace data
}  // namespace kiln
