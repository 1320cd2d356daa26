// Readable one-line forms of AttrValues and tensors for kiln-dump --node:
// dtypes by name, shapes as [?,784], tensors as dtype, shape and their first
// values, lists in brackets, functions with their attrs.
//
//   RenderAttr(node.attr().at("value"));  // float [2] {0.5, 1}
#ifndef KILN_TOOLS_KILN_DUMP_ATTR_RENDER_H_
#define KILN_TOOLS_KILN_DUMP_ATTR_RENDER_H_

#include <string>

#include "proto/tensorflow/attr_value.pb.h"
#include "proto/tensorflow/tensor.pb.h"

namespace kiln::dump {

// Values shown before "...".
inline constexpr int kMaxShownValues = 6;

std::string RenderAttr(const tensorflow::AttrValue& value);
std::string RenderTensor(const tensorflow::TensorProto& tensor);
// A quoted, C-escaped string cut after 64 bytes.
std::string RenderString(const std::string& s);

}  // namespace kiln::dump

#endif  // KILN_TOOLS_KILN_DUMP_ATTR_RENDER_H_
