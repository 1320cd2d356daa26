// The C++ face of an AOT-compiled model, in the spirit of tfcompile: a
// header declaring a class named after the model, with typed accessors per
// input and output, over the runtime's C ABI (runtime/abi/kiln_model.h),
// and a C source holding the bundle's bytes that the class loads.
//
//   FashionMlp model;                      // loads the embedded bundle
//   model.resize_arg_x({1, 784});          // `?` dims are fixed here
//   std::copy(image, image + 784, model.arg_x_data());
//   if (!model.Run()) std::cerr << model.error();
//   const float* probs = model.result_probs();
#ifndef KILN_TOOLS_KILN_COMPILE_CLASS_WRITER_H_
#define KILN_TOOLS_KILN_COMPILE_CLASS_WRITER_H_

#include <string>

#include "proto/kiln/bundle.pb.h"
#include "runtime/base/status.h"

namespace kiln::aot {

// `name` when it is a C identifier, else InvalidArgument.
Status CheckClassName(const std::string& name);

// An accessor's stem for a tensor name: "x:0" -> "x", "dense/out:1" ->
// "dense_out_1".
std::string AccessorName(const std::string& tensor);

// NAME.h: the class (the bundle's signature in its comments).
StatusOr<std::string> GenerateHeader(const Bundle& bundle,
                                     const std::string& name);

// NAME_bundle.c: `bytes` as kiln_bundle_NAME / kiln_bundle_NAME_size.
std::string GenerateBundleSource(const std::string& bytes,
                                 const std::string& name);

}  // namespace kiln::aot

#endif  // KILN_TOOLS_KILN_COMPILE_CLASS_WRITER_H_
