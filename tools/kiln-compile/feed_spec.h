// Parses kiln-compile's --feed values: NAME:DTYPE[DIMS], e.g.
// "x:float32[?,784]" (dims: integers, ? or -1 for a size known at run
// time; "[]" is a scalar). DTYPE is TensorFlow's name ("float", "int32")
// or NumPy's ("float32", "float64", "float16", "bool").
#ifndef KILN_TOOLS_KILN_COMPILE_FEED_SPEC_H_
#define KILN_TOOLS_KILN_COMPILE_FEED_SPEC_H_

#include <string>

#include "runtime/base/status.h"
#include "runtime/exec/graph_compiler.h"

namespace kiln::aot {

StatusOr<FeedSpec> ParseFeedSpec(const std::string& text);

// "x" -> "x:0"; "x:1" stays.
std::string TensorName(const std::string& name);

}  // namespace kiln::aot

#endif  // KILN_TOOLS_KILN_COMPILE_FEED_SPEC_H_
