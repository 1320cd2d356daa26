#include "frontend/data/element_util.h"

#include <cstring>

namespace kiln {
namespace data {

StatusOr<Tensor> RowOf(const Tensor& t, int64_t i) {
  std::vector<int64_t> dims = t.shape().dim_sizes();
  dims.erase(dims.begin());
  KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(dims));
  KILN_ASSIGN_OR_RETURN(Tensor row, Tensor::Allocate(t.dtype(), shape));
  const size_t bytes = row.bytes();
  if (bytes > 0) {
    std::memcpy(row.raw_data(),
                static_cast<const char*>(t.raw_data()) + i * bytes, bytes);
  }
  return row;
}

StatusOr<Element> Stack(const std::vector<Element>& elements) {
  const Element& first = elements.front();
  Element out;
  for (size_t c = 0; c < first.size(); ++c) {
    std::vector<int64_t> dims = first[c].shape().dim_sizes();
    dims.insert(dims.begin(), static_cast<int64_t>(elements.size()));
    KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(dims));
    KILN_ASSIGN_OR_RETURN(Tensor batch,
                          Tensor::Allocate(first[c].dtype(), shape));
    char* dst = static_cast<char*>(batch.raw_data());
    for (size_t i = 0; i < elements.size(); ++i) {
      const Tensor& t = elements[i][c];
      if (elements[i].size() != first.size() || t.dtype() != first[c].dtype() ||
          t.shape() != first[c].shape()) {
        return InvalidArgument(
            "batch: element " + std::to_string(i) + " component " +
            std::to_string(c) + " is " + DataTypeName(t.dtype()) +
            t.shape().ToString() + ", element 0's is " +
            DataTypeName(first[c].dtype()) + first[c].shape().ToString());
      }
      if (t.bytes() > 0)
        std::memcpy(dst + i * t.bytes(), t.raw_data(), t.bytes());
    }
    out.push_back(std::move(batch));
  }
  return out;
}

StatusOr<std::vector<Element>> NextBatchItems(Iterator& in, int64_t size,
                                              bool drop_remainder) {
  std::vector<Element> items;
  while (static_cast<int64_t>(items.size()) < size) {
    KILN_ASSIGN_OR_RETURN(std::optional<Element> e, in.Next());
    if (!e) break;
    items.push_back(std::move(*e));
  }
  if (drop_remainder && static_cast<int64_t>(items.size()) < size) {
    items.clear();
  }
  return items;
}

Status AtElement(const Status& status, const std::string& what, int64_t index) {
  return Status(status.code(), what + ": element " + std::to_string(index) +
                                   ": " + status.message());
}

}  // namespace data
}  // namespace kiln
