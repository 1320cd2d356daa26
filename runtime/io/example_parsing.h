// tf.train.Example building and parsing (tf.io.parse_example): fixed-length
// features become dense tensors [batch, shape...] (a default fills a
// missing feature), variable-length ones sparse tensors, as TensorFlow's.
//
//   tensorflow::Example e;
//   SetFloats(&e, "image", pixels);
//   SetInt64s(&e, "label", {7});
//   ExampleSpec spec;
//   spec.fixed = {{"image", DT_FLOAT, {784}}, {"label", DT_INT64, {}}};
//   KILN_ASSIGN_OR_RETURN(ParsedExamples batch, ParseExamples(records, spec));
//   batch.dense["image"];   // float [n, 784]
//
// dtypes: DT_FLOAT (float_list), DT_INT64 (int64_list), DT_STRING
// (bytes_list; as strings, since tensors hold numbers). Errors name the
// example's index and the feature:
//   "example 3: feature 'label' has 2 values; its shape [] needs 1"
#ifndef KILN_RUNTIME_IO_EXAMPLE_PARSING_H_
#define KILN_RUNTIME_IO_EXAMPLE_PARSING_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "proto/tensorflow/example.pb.h"
#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

void SetFloats(tensorflow::Example* e, const std::string& name,
               const std::vector<float>& values);
void SetInt64s(tensorflow::Example* e, const std::string& name,
               const std::vector<int64_t>& values);
void SetBytes(tensorflow::Example* e, const std::string& name,
              const std::vector<std::string>& values);

struct FixedLenFeature {
  std::string name;
  DataType dtype;              // DT_FLOAT, DT_INT64 or DT_STRING
  std::vector<int64_t> shape;  // per example
  std::optional<std::vector<double>> default_value;  // numbers only
  std::optional<std::string> default_bytes;          // DT_STRING, shape []
};

struct VarLenFeature {
  std::string name;
  DataType dtype;
};

struct ExampleSpec {
  std::vector<FixedLenFeature> fixed;
  std::vector<VarLenFeature> var_len;
};

// A 2-D sparse tensor: indices [n, 2] (example, position), values [n],
// dense_shape [2] = (batch, longest list).
struct SparseTensor {
  Tensor indices, values, dense_shape;
  std::vector<std::string> bytes_values;  // DT_STRING values
};

struct ParsedExamples {
  std::map<std::string, Tensor> dense;
  std::map<std::string, std::vector<std::string>> dense_bytes;  // [batch * n]
  std::map<std::string, SparseTensor> sparse;
};

StatusOr<ParsedExamples> ParseExamples(const std::vector<std::string>& records,
                                       const ExampleSpec& spec);

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_EXAMPLE_PARSING_H_
