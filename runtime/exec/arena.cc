// Arena and ArenaPool: slot buffers that outlive a run, so runs with the same
// shapes allocate nothing but their fetches.
#include "runtime/exec/internal/arena.h"

#include <utility>

namespace kiln {
namespace exec_internal {

Arena::Arena(int num_slots, int num_values)
    : values(num_values), resources(num_values, nullptr), slots_(num_slots) {}

StatusOr<Tensor> Arena::Take(int slot, DataType dtype, const TensorShape& shape,
                             Allocator* allocator) {
  const size_t bytes = shape.num_elements() * DataTypeSize(dtype);
  std::shared_ptr<Buffer>& buffer = slots_[slot];
  if (buffer == nullptr || buffer->size() < bytes) {
    buffer.reset();  // free the old block before taking a bigger one
    KILN_ASSIGN_OR_RETURN(buffer, Buffer::Allocate(allocator, bytes));
    ++num_grows_;
  }
  return Tensor::FromBuffer(dtype, shape, buffer);
}

std::unique_ptr<Arena> ArenaPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      std::unique_ptr<Arena> arena = std::move(free_.back());
      free_.pop_back();
      return arena;
    }
  }
  return std::make_unique<Arena>(num_slots_, num_values_);
}

void ArenaPool::Release(std::unique_ptr<Arena> arena) {
  std::lock_guard<std::mutex> lock(mu_);
  free_.push_back(std::move(arena));
}

}  // namespace exec_internal
}  // namespace kiln
