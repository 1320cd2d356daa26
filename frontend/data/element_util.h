// Tensor plumbing of the Dataset stages: rows of a tensor, stacking
// elements into a batch. Internal to frontend/data.
#ifndef KILN_FRONTEND_DATA_ELEMENT_UTIL_H_
#define KILN_FRONTEND_DATA_ELEMENT_UTIL_H_

#include <exception>
#include <string>
#include <vector>

#include "frontend/data/dataset.h"

namespace kiln {
namespace data {

// Row `i` of `t` (dim 0 dropped), a copy.
StatusOr<Tensor> RowOf(const Tensor& t, int64_t i);
// Each component of `elements` stacked along a new dim 0; an error naming
// the element whose component differs in dtype or shape from element 0's.
StatusOr<Element> Stack(const std::vector<Element>& elements);
// The next `size` elements of `in` (fewer at the end); none at the end, or
// when drop_remainder and fewer than `size` were left.
StatusOr<std::vector<Element>> NextBatchItems(Iterator& in, int64_t size,
                                              bool drop_remainder);
// `fn()`, with a C++ exception it throws turned into an Internal error
// carrying its message: a user's map, filter or generator that throws must
// neither unwind through the pipeline nor end a worker thread (which would
// std::terminate the process).
template <typename F>
auto CatchExceptions(F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return Internal(std::string("threw an exception: ") + e.what());
  } catch (...) {
    return Internal("threw an exception that is not a std::exception");
  }
}

// `status` with "<what>: element <index>: " in front.
Status AtElement(const Status& status, const std::string& what, int64_t index);

}  // namespace data
}  // namespace kiln

#endif  // KILN_FRONTEND_DATA_ELEMENT_UTIL_H_
