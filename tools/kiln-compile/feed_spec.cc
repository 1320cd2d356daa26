// --feed NAME:DTYPE[DIMS].
#include "tools/kiln-compile/feed_spec.h"

#include <cctype>

#include "runtime/graph/op_spec.h"

namespace kiln::aot {
namespace {

StatusOr<DataType> ParseDType(const std::string& name) {
  static const std::pair<const char*, DataType> kNumPy[] = {
      {"float32", tensorflow::DT_FLOAT}, {"float64", tensorflow::DT_DOUBLE},
      {"float16", tensorflow::DT_HALF},  {"int32", tensorflow::DT_INT32},
      {"int64", tensorflow::DT_INT64},   {"uint8", tensorflow::DT_UINT8},
      {"bool", tensorflow::DT_BOOL}};
  for (const auto& [numpy, dtype] : kNumPy)
    if (name == numpy) return dtype;
  DataType dtype;
  if (DataTypeFromName(name, &dtype)) return dtype;
  return InvalidArgument("unknown dtype '" + name + "'");
}

StatusOr<std::vector<int64_t>> ParseDims(const std::string& text) {
  std::vector<int64_t> dims;
  if (text.empty()) return dims;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string dim = text.substr(start, comma - start);
    if (dim == "?" || dim == "-1") {
      dims.push_back(-1);
    } else if (!dim.empty() &&
               dim.find_first_not_of("0123456789") == std::string::npos &&
               dim.size() < 16) {
      dims.push_back(std::stoll(dim));
    } else {
      return InvalidArgument("dim '" + dim + "' is not a size, ? or -1");
    }
    start = comma + 1;
  }
  return dims;
}

}  // namespace

std::string TensorName(const std::string& name) {
  const size_t colon = name.rfind(':');
  if (colon != std::string::npos && colon + 1 < name.size() &&
      std::isdigit(static_cast<unsigned char>(name[colon + 1])))
    return name;
  return name + ":0";
}

StatusOr<FeedSpec> ParseFeedSpec(const std::string& text) {
  const size_t open = text.find('[');
  const size_t colon = text.rfind(':', open);
  if (open == std::string::npos || text.back() != ']' ||
      colon == std::string::npos || colon == 0)
    return InvalidArgument("--feed '" + text +
                           "' is not NAME:DTYPE[DIMS], e.g. x:float32[?,784]");
  FeedSpec spec;
  spec.name = TensorName(text.substr(0, colon));
  StatusOr<DataType> dtype =
      ParseDType(text.substr(colon + 1, open - colon - 1));
  if (!dtype.ok()) return dtype.status().WithPrefix("--feed '" + text + "': ");
  spec.dtype = *dtype;
  StatusOr<std::vector<int64_t>> dims =
      ParseDims(text.substr(open + 1, text.size() - open - 2));
  if (!dims.ok()) return dims.status().WithPrefix("--feed '" + text + "': ");
  spec.dims = *dims;
  return spec;
}

}  // namespace kiln::aot
