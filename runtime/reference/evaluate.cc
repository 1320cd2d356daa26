// EvaluateReference: the table's type inference, output allocation and the
// op -> family kernel dispatch.
#include "runtime/reference/evaluate.h"

#include <map>
#include <optional>
#include <utility>

#include "proto/tensorflow/node_def.pb.h"
#include "runtime/graph/node_attr_source.h"
#include "runtime/reference/kernels.h"

namespace kiln {
namespace {

using reference::Kernel;

const std::map<std::string, Kernel, std::less<>>& KernelTable() {
  static const auto* table = [] {
    auto* t = new std::map<std::string, Kernel, std::less<>>();
    for (const char* op :
         {"Neg", "Square", "Sqrt", "Rsqrt", "Exp", "Log", "Tanh", "Sigmoid",
          "Sin", "Cos",
          "Relu", "Relu6", "LeakyRelu", "Elu", "Selu", "Softplus", "Identity",
          "StopGradient",
          "ZerosLike", "OnesLike"}) {
      (*t)[op] = reference::EvalUnary;
    }
    for (const char* op : {"AddV2", "Sub", "Mul", "RealDiv", "Maximum",
                           "Minimum", "Pow", "Equal", "Greater", "Less"}) {
      (*t)[op] = reference::EvalBinary;
    }
    for (const char* op : {"Sum", "Mean", "Max", "Min", "Prod"}) {
      (*t)[op] = reference::EvalReduction;
    }
    for (const char* op : {"Softmax", "LogSoftmax"}) {
      (*t)[op] = reference::EvalSoftmax;
    }
    for (const char* op : {"SoftmaxCrossEntropyWithLogits",
                           "SparseSoftmaxCrossEntropyWithLogits"}) {
      (*t)[op] = reference::EvalCrossEntropy;
    }
    for (const char* op : {"Reshape", "Transpose", "ConcatV2", "Pack",
                           "ExpandDims", "Squeeze", "Fill", "OneHot",
                           "Shape", "Slice", "StridedSlice",
                           "StridedSliceGrad", "Pad"}) {
      (*t)[op] = reference::EvalArray;
    }
    (*t)["Cast"] = reference::EvalCast;
    for (const char* op :
         {"RandomUniform", "RandomStandardNormal", "TruncatedNormal"}) {
      (*t)[op] = reference::EvalRandom;
    }
    (*t)["SelectV2"] = reference::EvalSelectV2;
    (*t)["Select"] = reference::EvalSelect;
    (*t)["MatMul"] = reference::EvalMatMul;
    (*t)["BatchMatMulV2"] = reference::EvalMatMul;
    (*t)["BiasAdd"] = reference::EvalBiasAdd;
    (*t)["ArgMax"] = reference::EvalArgMax;
    for (const char* op :
         {"Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter",
          "DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput",
          "DepthwiseConv2dNativeBackpropFilter"}) {
      (*t)[op] = reference::EvalConv;
    }
    for (const char* op : {"MaxPool", "MaxPoolGrad", "MaxPoolGradGrad",
                           "AvgPool", "AvgPoolGrad"}) {
      (*t)[op] = reference::EvalPool;
    }
    for (const char* op : {"GatherV2", "UnsortedSegmentSum", "Tile",
                           "ReverseV2"}) {
      (*t)[op] = reference::EvalIndexing;
    }
    (*t)["MirrorPad"] = reference::EvalMirrorPad;
    for (const char* op : {"ResizeBilinear", "ResizeNearestNeighbor",
                           "ResizeBilinearGrad", "ResizeNearestNeighborGrad"}) {
      (*t)[op] = reference::EvalResize;
    }
    (*t)["ImageProjectiveTransformV3"] = reference::EvalImageTransform;
    (*t)["FusedBatchNormV3"] = reference::EvalBatchNorm;
    (*t)["FusedBatchNormGradV3"] = reference::EvalBatchNorm;
    (*t)["MirrorPadGrad"] = reference::EvalMirrorPad;
    return t;
  }();
  return *table;
}

// The caller's attrs, else the table's defaults; integer inputs read as
// constants, since here every input is known.
class EvalAttrSource : public AttrSource {
 public:
  EvalAttrSource(const OpSpec& spec, const std::vector<Tensor>& inputs,
                 const AttrSource& attrs)
      : inputs_(inputs), attrs_(attrs), defaults_(empty_node_, &spec) {}

  std::optional<DataType> GetType(std::string_view n) const override {
    return Or(attrs_.GetType(n), [&] { return defaults_.GetType(n); });
  }
  std::optional<int64_t> GetInt(std::string_view n) const override {
    return Or(attrs_.GetInt(n), [&] { return defaults_.GetInt(n); });
  }
  std::optional<float> GetFloat(std::string_view n) const override {
    return Or(attrs_.GetFloat(n), [&] { return defaults_.GetFloat(n); });
  }
  std::optional<bool> GetBool(std::string_view n) const override {
    return Or(attrs_.GetBool(n), [&] { return defaults_.GetBool(n); });
  }
  std::optional<std::string> GetString(std::string_view n) const override {
    return Or(attrs_.GetString(n), [&] { return defaults_.GetString(n); });
  }
  std::optional<Shape> GetShape(std::string_view n) const override {
    return Or(attrs_.GetShape(n), [&] { return defaults_.GetShape(n); });
  }
  std::optional<std::vector<int64_t>> GetIntList(
      std::string_view n) const override {
    return Or(attrs_.GetIntList(n), [&] { return defaults_.GetIntList(n); });
  }
  std::optional<std::vector<DataType>> GetTypeList(
      std::string_view n) const override {
    return Or(attrs_.GetTypeList(n), [&] { return defaults_.GetTypeList(n); });
  }
  std::optional<TensorType> GetTensorType(std::string_view n) const override {
    return attrs_.GetTensorType(n);
  }
  std::optional<std::vector<int64_t>> GetConstantInput(
      int index) const override {
    if (index >= 0 && index < static_cast<int>(inputs_.size())) {
      const Tensor& t = inputs_[index];
      if (t.dtype() == tensorflow::DT_INT32 ||
          t.dtype() == tensorflow::DT_INT64) {
        return reference::IntValues(t);
      }
    }
    return attrs_.GetConstantInput(index);
  }

 private:
  template <typename T, typename F>
  static std::optional<T> Or(std::optional<T> given, F fallback) {
    return given ? given : fallback();
  }

  const std::vector<Tensor>& inputs_;
  const AttrSource& attrs_;
  tensorflow::NodeDef empty_node_;
  NodeAttrSource defaults_;
};

}  // namespace

namespace reference {

std::vector<int64_t> IntValues(const Tensor& t) {
  std::vector<int64_t> values;
  if (const int32_t* p = t.data<int32_t>()) {
    values.assign(p, p + t.NumElements());
  } else if (const int64_t* p = t.data<int64_t>()) {
    values.assign(p, p + t.NumElements());
  }
  return values;
}

}  // namespace reference

bool HasReferenceKernel(std::string_view op) {
  return KernelTable().count(op) > 0;
}

std::vector<std::string> ReferenceKernelOps() {
  std::vector<std::string> ops;
  for (const auto& entry : KernelTable()) ops.push_back(entry.first);
  return ops;
}

StatusOr<std::vector<Tensor>> EvaluateReference(
    const OpSpec& spec, const std::vector<Tensor>& inputs,
    const AttrSource& attrs, const ReferenceOptions& options) {
  auto kernel = KernelTable().find(spec.name);
  if (kernel == KernelTable().end()) {
    return Unimplemented("'" + spec.name + "' has no reference kernel");
  }
  std::vector<TensorType> input_types;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].IsInitialized()) {
      return InvalidArgument("'" + spec.name + "' input " + std::to_string(i) +
                             " is not an initialized tensor");
    }
    TensorType type;
    type.dtype = inputs[i].dtype();
    type.shape = Shape::Of(inputs[i].shape().dim_sizes());
    input_types.push_back(std::move(type));
  }
  EvalAttrSource eval_attrs(spec, inputs, attrs);
  KILN_ASSIGN_OR_RETURN(std::vector<TensorType> output_types,
                        InferOutputTypes(spec, input_types, eval_attrs));
  std::vector<Tensor> outputs;
  for (TensorType& type : output_types) {
    // Equal(incompatible_shape_error=false) of shapes that do not broadcast
    // is a scalar false; the table leaves its shape unknown.
    if (spec.name == "Equal" && type.shape.unknown_rank) {
      type.shape = Shape::Scalar();
    }
    if (!type.shape.IsFullyDefined()) {
      return Internal("'" + spec.name + "' output shape " +
                      type.shape.ToString() + " is not fully defined");
    }
    KILN_ASSIGN_OR_RETURN(TensorShape shape,
                          TensorShape::Create(type.shape.dims));
    KILN_ASSIGN_OR_RETURN(Tensor out, Tensor::Zeros(type.dtype, shape));
    outputs.push_back(std::move(out));
  }
  reference::KernelContext context{spec, inputs, eval_attrs, outputs,
                                   options.random_stream};
  KILN_RETURN_IF_ERROR(kernel->second(context));
  return outputs;
}

}  // namespace kiln
