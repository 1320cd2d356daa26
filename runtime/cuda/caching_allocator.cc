// CachingAllocator: best-fit blocks over cached segments, with splitting
// and coalescing (a segment's blocks form an address-ordered list).
#include "runtime/cuda/caching_allocator.h"

#include <algorithm>
#include <sstream>

namespace kiln {
namespace cuda {

struct CachingAllocator::Block {
  uintptr_t address = 0;
  size_t size = 0;
  bool in_use = false;
  size_t segment_bytes = 0;  // set on a segment's first block
  Block* prev = nullptr;     // neighbours in the segment
  Block* next = nullptr;
};

bool CachingAllocator::BySize::operator()(const Block* a,
                                          const Block* b) const {
  return a->size != b->size ? a->size < b->size : a->address < b->address;
}

namespace {

size_t RoundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

std::string Bytes(size_t n) {
  std::ostringstream s;
  if (n >= (size_t{1} << 20)) {
    s << n / double(size_t{1} << 20) << " MiB";
  } else {
    s << n << " bytes";
  }
  return s.str();
}

}  // namespace

std::string AllocatorStats::ToString() const {
  std::ostringstream s;
  s << "in use " << Bytes(bytes_in_use) << " (peak " << Bytes(peak_bytes_in_use)
    << "), reserved " << Bytes(bytes_reserved) << " in " << num_segments
    << " segments (peak " << Bytes(peak_bytes_reserved)
    << "), largest free block " << Bytes(largest_free_block) << ", "
    << num_allocs << " allocations";
  return s.str();
}

CachingAllocator::CachingAllocator(std::unique_ptr<MemoryBackend> backend,
                                   AllocatorOptions options)
    : backend_(std::move(backend)), options_(options) {
  options_.alignment = std::max<size_t>(options_.alignment, 1);
  options_.segment_bytes =
      RoundUp(std::max<size_t>(options_.segment_bytes, 1), options_.alignment);
}

CachingAllocator::~CachingAllocator() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [address, first] : segments_) {
    backend_->Free(reinterpret_cast<void*>(address), first->segment_bytes);
    for (Block* b = first; b != nullptr;) {
      Block* next = b->next;
      delete b;
      b = next;
    }
  }
}

CachingAllocator::Block* CachingAllocator::FindFree(size_t bytes) {
  Block probe;
  probe.size = bytes;
  auto it = free_.lower_bound(&probe);
  return it == free_.end() ? nullptr : *it;
}

StatusOr<CachingAllocator::Block*> CachingAllocator::NewSegment(size_t bytes) {
  const size_t size = RoundUp(bytes, options_.segment_bytes);
  if (options_.limit_bytes > 0 &&
      stats_.bytes_reserved + size > options_.limit_bytes) {
    ReleaseCachedLocked();
  }
  if (options_.limit_bytes > 0 &&
      stats_.bytes_reserved + size > options_.limit_bytes) {
    return ResourceExhausted(backend_->name() + ": allocating " + Bytes(bytes) +
                             " would pass the memory limit of " +
                             Bytes(options_.limit_bytes) + " (" +
                             stats_.ToString() + ")");
  }
  StatusOr<void*> memory = backend_->Allocate(size);
  if (!memory.ok()) {  // cached segments may be what is missing
    ReleaseCachedLocked();
    memory = backend_->Allocate(size);
  }
  if (!memory.ok()) {
    return Status(memory.status().code(), backend_->name() + ": allocating " +
                                              Bytes(bytes) + ": " +
                                              memory.status().message() + " (" +
                                              stats_.ToString() + ")");
  }
  auto* block = new Block;
  block->address = reinterpret_cast<uintptr_t>(*memory);
  block->size = size;
  block->segment_bytes = size;
  segments_[block->address] = block;
  stats_.bytes_reserved += size;
  stats_.peak_bytes_reserved =
      std::max(stats_.peak_bytes_reserved, stats_.bytes_reserved);
  ++stats_.num_segments;
  ++stats_.num_backend_allocs;
  return block;
}

// Cuts `block` (not in free_) to `bytes`, the rest a free block after it.
void CachingAllocator::Split(Block* block, size_t bytes) {
  if (block->size - bytes < options_.min_split_bytes) return;
  auto* rest = new Block;
  rest->address = block->address + bytes;
  rest->size = block->size - bytes;
  rest->prev = block;
  rest->next = block->next;
  if (block->next != nullptr) block->next->prev = rest;
  block->next = rest;
  block->size = bytes;
  free_.insert(rest);
}

// Joins free `block` (not in free_) with free neighbours, then files it.
void CachingAllocator::Merge(Block* block) {
  for (Block* n = block->next; n != nullptr && !n->in_use; n = block->next) {
    free_.erase(n);
    block->size += n->size;
    block->next = n->next;
    if (n->next != nullptr) n->next->prev = block;
    delete n;
  }
  for (Block* p = block->prev; p != nullptr && !p->in_use; p = block->prev) {
    free_.erase(p);
    p->size += block->size;
    p->next = block->next;
    if (block->next != nullptr) block->next->prev = p;
    delete block;
    block = p;
  }
  free_.insert(block);
}

StatusOr<void*> CachingAllocator::Allocate(size_t bytes) {
  const size_t size = RoundUp(std::max<size_t>(bytes, 1), options_.alignment);
  std::lock_guard<std::mutex> lock(mu_);
  Block* block = FindFree(size);
  if (block != nullptr) {
    free_.erase(block);
  } else {
    KILN_ASSIGN_OR_RETURN(block, NewSegment(size));
  }
  Split(block, size);
  block->in_use = true;
  in_use_[block->address] = block;
  stats_.bytes_in_use += block->size;
  stats_.peak_bytes_in_use =
      std::max(stats_.peak_bytes_in_use, stats_.bytes_in_use);
  ++stats_.num_allocs;
  return reinterpret_cast<void*>(block->address);
}

Status CachingAllocator::Free(void* ptr) {
  if (ptr == nullptr) return OkStatus();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = in_use_.find(reinterpret_cast<uintptr_t>(ptr));
  if (it == in_use_.end()) {
    return InvalidArgument(backend_->name() +
                           ": freeing a pointer this allocator did not "
                           "hand out (or freed twice)");
  }
  Block* block = it->second;
  in_use_.erase(it);
  block->in_use = false;
  stats_.bytes_in_use -= block->size;
  Merge(block);
  return OkStatus();
}

size_t CachingAllocator::AllocatedSize(void* ptr) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = in_use_.find(reinterpret_cast<uintptr_t>(ptr));
  return it == in_use_.end() ? 0 : it->second->size;
}

void CachingAllocator::ReleaseCached() {
  std::lock_guard<std::mutex> lock(mu_);
  ReleaseCachedLocked();
}

// A segment whose one block is free spans the whole segment.
void CachingAllocator::ReleaseCachedLocked() {
  for (auto it = segments_.begin(); it != segments_.end();) {
    Block* first = it->second;
    if (first->in_use || first->next != nullptr) {
      ++it;
      continue;
    }
    free_.erase(first);
    backend_->Free(reinterpret_cast<void*>(first->address),
                   first->segment_bytes);
    stats_.bytes_reserved -= first->segment_bytes;
    --stats_.num_segments;
    delete first;
    it = segments_.erase(it);
  }
}

AllocatorStats CachingAllocator::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  AllocatorStats s = stats_;
  s.largest_free_block = free_.empty() ? 0 : (*free_.rbegin())->size;
  return s;
}

}  // namespace cuda
}  // namespace kiln
