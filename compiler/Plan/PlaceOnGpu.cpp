//===- PlaceOnGpu.cpp - Steps on the GPU, copies at the boundaries --------===//
#include "compiler/Plan/PlaceOnGpu.h"

#include "compiler/Plan/AssignSlots.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "runtime/tensor/tensor.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

using namespace mlir;

namespace kiln::compiler {
namespace {

/// Element types the GPU path compiles.
bool gpuElementType(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    type = shaped.getElementType();
  return type.isF16() || type.isBF16() || type.isF32() || type.isF64() ||
         type.isSignlessInteger() || type.isIndex();
}

/// Whether a kernel function can run as GPU launches.
bool gpuKernel(func::FuncOp func) {
  if (!func || func->hasAttr("kiln.control_flow"))
    return false;
  WalkResult walk = func.walk([](Operation *op) {
    // Control flow; integer powers (the CPU lowers them to functions that
    // the NVVM path does not take).
    if (isa<scf::ForOp, scf::WhileOp, scf::IfOp, func::CallOp>(op) ||
        op->getName().getStringRef() == "math.ipowi")
      return WalkResult::interrupt();
    for (Type type : op->getResultTypes())
      if (!gpuElementType(type))
        return WalkResult::interrupt();
    for (Type type : op->getOperandTypes())
      if (!gpuElementType(type))
        return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return !walk.wasInterrupted();
}

bool pinnedToCpu(const PlanStep &step) {
  return llvm::StringRef(step.node().device()).contains_insensitive("CPU");
}

const tensorflow::AttrValue *attr(const PlanStep &step, const char *name) {
  auto it = step.node().attr().find(name);
  return it == step.node().attr().end() ? nullptr : &it->second;
}

bool isConstant(const Plan &plan, int value) {
  for (const PlanConstant &c : plan.constants())
    if (c.value() == value)
      return true;
  return false;
}

/// SAME padding of a known dim splits evenly (cuDNN pads symmetrically).
bool evenSamePadding(int64_t in, int64_t filter, int64_t stride,
                     int64_t dilation) {
  if (in < 0)
    return false;
  int64_t out = (in + stride - 1) / stride;
  int64_t total = std::max<int64_t>(
      (out - 1) * stride + (filter - 1) * dilation + 1 - in, 0);
  return total % 2 == 0;
}

/// The sizes operand of a convolution or pooling gradient (read on the
/// host), or -1.
int sizesOperand(const PlanStep &step) {
  const std::string &op = step.node().op();
  if (op == "Conv2DBackpropInput" || op == "AvgPoolGrad")
    return 0;
  if (op == "Conv2DBackpropFilter")
    return 1;
  return -1;
}

std::vector<int64_t> staticDims(const Plan &plan, int value) {
  std::vector<int64_t> out;
  for (const auto &d : plan.values(value).shape().dim())
    out.push_back(d.size());
  return out;
}

/// The dims a gradient's sizes operand holds: its output's static dims, or
/// those of x when the sizes are Shape(x) (a backward pass's).
std::vector<int64_t> sizedDims(const PlanStep &step, const Plan &plan) {
  int sizes = step.inputs(sizesOperand(step));
  for (const PlanStep &producer : plan.steps())
    if (producer.kind() == PlanStep::SHAPE && producer.outputs_size() == 1 &&
        producer.outputs(0) == sizes)
      return staticDims(plan, producer.inputs(0));
  return staticDims(plan, step.outputs(0));
}

/// The 4 ints of a list attr (1s when it is missing or not 4 long).
int64_t listAt(const tensorflow::AttrValue *a, int i) {
  return a && a->list().i_size() == 4 ? a->list().i(i) : 1;
}

/// The step's padding is cuDNN's (symmetric) for input dims `x` and the
/// window's spatial dims `window`: VALID, SAME splitting evenly, EXPLICIT
/// with equal sides.
bool symmetricPadding(const PlanStep &step, const std::vector<int64_t> &x,
                      const std::vector<int64_t> &window) {
  if (x.size() != 4 || window.size() != 2 || x[1] < 0 || x[2] < 0 ||
      window[0] < 0 || window[1] < 0)
    return false; // unknown spatial dims: the padding cannot be checked
  const tensorflow::AttrValue *padding = attr(step, "padding");
  const std::string pad = padding ? padding->s() : "VALID";
  const tensorflow::AttrValue *strides = attr(step, "strides");
  const tensorflow::AttrValue *dilations = attr(step, "dilations");
  if (pad == "SAME")
    for (int d : {1, 2})
      if (!evenSamePadding(x[d], window[d - 1], listAt(strides, d),
                           listAt(dilations, d)))
        return false;
  if (pad == "EXPLICIT") {
    const tensorflow::AttrValue *e = attr(step, "explicit_paddings");
    return e && e->list().i_size() == 8 && e->list().i(2) == e->list().i(3) &&
           e->list().i(4) == e->list().i(5);
  }
  return true;
}

/// Not in one of oneDNN's blocked layouts, and NHWC.
bool plainNhwc(const PlanStep &step) {
  const tensorflow::AttrValue *format = attr(step, "data_format");
  return !attr(step, "_kiln_blocked_in") && !attr(step, "_kiln_blocked_out") &&
         (!format || format->s() == "NHWC");
}

/// An NHWC float32 Conv2D (its bias and ReLU at most) or one of its
/// gradients, with padding cuDNN can express: cuDNN's. A constant filter
/// is transposed here; a fed one on the device at each run. A gradient's
/// sizes operand is read on the host at run time; its output's static
/// shape gives the dims the padding check needs.
bool gpuConv(const PlanStep &step, const Plan &plan) {
  const std::string &op = step.node().op();
  if ((op != "Conv2D" && op != "Conv2DBackpropInput" &&
       op != "Conv2DBackpropFilter") ||
      step.inputs_size() < 2 || !plainNhwc(step))
    return false;
  const tensorflow::AttrValue *act = attr(step, "_kiln_activation");
  if ((act && !act->s().empty() && act->s() != "Relu") ||
      plan.values(step.outputs(0)).dtype() != tensorflow::DT_FLOAT)
    return false;
  // The input's dims and the filter's dims, wherever they are.
  std::vector<int64_t> x, w;
  if (op == "Conv2D") {
    x = staticDims(plan, step.inputs(0));
    w = staticDims(plan, step.inputs(1));
  } else if (op == "Conv2DBackpropInput") {
    x = sizedDims(step, plan);
    w = staticDims(plan, step.inputs(1));
  } else {
    x = staticDims(plan, step.inputs(0));
    w = staticDims(plan, step.outputs(0));
  }
  return w.size() == 4 && symmetricPadding(step, x, {w[0], w[1]});
}

/// An NHWC MaxPool/AvgPool or gradient (float32, float16, bfloat16) over
/// spatial windows, padded as cuDNN can.
bool gpuPool(const PlanStep &step, const Plan &plan) {
  const std::string &op = step.node().op();
  if ((op != "MaxPool" && op != "AvgPool" && op != "MaxPoolGrad" &&
       op != "AvgPoolGrad") ||
      !plainNhwc(step))
    return false;
  tensorflow::DataType dtype = plan.values(step.outputs(0)).dtype();
  if (dtype != tensorflow::DT_FLOAT && dtype != tensorflow::DT_HALF &&
      dtype != tensorflow::DT_BFLOAT16)
    return false;
  const tensorflow::AttrValue *ksize = attr(step, "ksize");
  const tensorflow::AttrValue *strides = attr(step, "strides");
  if (!ksize || ksize->list().i_size() != 4 || listAt(ksize, 0) != 1 ||
      listAt(ksize, 3) != 1 || listAt(strides, 0) != 1 ||
      listAt(strides, 3) != 1)
    return false;
  std::vector<int64_t> x = op == "AvgPoolGrad"
                               ? sizedDims(step, plan)
                               : staticDims(plan, step.inputs(0));
  return symmetricPadding(step, x, {listAt(ksize, 1), listAt(ksize, 2)});
}

/// No batch dims, or all of them 1: nothing to broadcast against.
bool unbatched(const tensorflow::TensorShapeProto &shape) {
  for (int d = 0; d + 2 < shape.dim_size(); ++d)
    if (shape.dim(d).size() != 1)
      return false;
  return true;
}

/// A BatchMatMulV2 cuBLASLt's strided batch can run: one operand batched
/// (its dims are the output's), or both with the output's known dims.
bool stridedBatch(const PlanStep &step, const Plan &plan) {
  const auto &a = plan.values(step.inputs(0)).shape();
  const auto &b = plan.values(step.inputs(1)).shape();
  const auto &y = plan.values(step.outputs(0)).shape();
  if (unbatched(a) || unbatched(b))
    return true;
  for (const auto *operand : {&a, &b}) {
    if (operand->dim_size() != y.dim_size())
      return false;
    for (int d = 0; d + 2 < y.dim_size(); ++d)
      if (operand->dim(d).size() < 0 ||
          operand->dim(d).size() != y.dim(d).size())
        return false;
  }
  return true;
}

/// Whether `step` runs on the GPU, given where its input 0 lives.
bool runsOnGpu(const PlanStep &step, const Plan &plan, ModuleOp kernels,
               const std::vector<bool> &onDevice) {
  if (pinnedToCpu(step))
    return false;
  switch (step.kind()) {
  case PlanStep::KERNEL: {
    llvm::StringRef name(step.kernel());
    name.consume_front("kiln_packed_");
    return kernels && gpuKernel(kernels.lookupSymbol<func::FuncOp>(name));
  }
  case PlanStep::MATMUL: {
    const PlanMatMul &m = step.matmul();
    const tensorflow::DataType dtype = plan.values(step.outputs(0)).dtype();
    return (!m.batched() || stridedBatch(step, plan)) &&
           (m.activation().empty() || m.activation() == "Relu") &&
           (dtype == tensorflow::DT_FLOAT || dtype == tensorflow::DT_BFLOAT16 ||
            dtype == tensorflow::DT_HALF);
  }
  case PlanStep::ALIAS:
    return onDevice[step.inputs(0)];
  case PlanStep::LIBRARY:
    return gpuConv(step, plan) || gpuPool(step, plan);
  default:
    return false;
  }
}

/// Whether a step on the GPU reads input `i` there (an ALIAS's shape
/// operand is read on the host; SHAPE reads only dims, anywhere; a variable
/// step's handle is a name, not a buffer).
bool readsOnDevice(const PlanStep &step, int i) {
  if (!step.on_device())
    return false;
  switch (step.kind()) {
  case PlanStep::ALIAS:
    return i == 0;
  case PlanStep::READ_VARIABLE:
    return false;
  case PlanStep::ASSIGN_VARIABLE:
    return i == 1;
  case PlanStep::LIBRARY:
    return i != sizesOperand(step);
  default:
    return true;
  }
}

class Placer {
public:
  Placer(Plan &plan, ModuleOp kernels) : plan(plan), kernels(kernels) {}

  GpuPlacement run() {
    decide();
    placeVariables();
    transposeFilters();
    placeConstants();
    rewriteSteps();
    return result;
  }

private:
  /// Which steps run on the GPU; their outputs live there.
  void decide() {
    onDevice.assign(plan.values_size(), false);
    for (PlanStep &step : *plan.mutable_steps()) {
      if (!runsOnGpu(step, plan, kernels, onDevice))
        continue;
      step.set_on_device(true);
      step.clear_split();
      ++result.deviceSteps;
      for (int out : step.outputs())
        onDevice[out] = true;
      if (step.kind() == PlanStep::KERNEL) {
        llvm::StringRef name(step.kernel());
        name.consume_front("kiln_packed_");
        kernels.lookupSymbol<func::FuncOp>(name)->setAttr(
            "kiln.gpu", UnitAttr::get(kernels.getContext()));
      }
    }
  }

  /// A variable read only by GPU steps (through aliases too) is read there,
  /// so the variable lives on the GPU across runs; an assignment of a
  /// value made on the GPU writes it there. Aliases follow their sources.
  void placeVariables() {
    std::vector<int> deviceReads(plan.values_size(), 0);
    std::vector<int> hostReads(plan.values_size(), 0);
    countReads(deviceReads, hostReads);
    auto &steps = *plan.mutable_steps();
    for (PlanStep &step : steps) {
      bool device = false;
      if (step.kind() == PlanStep::READ_VARIABLE)
        device = deviceReads[step.outputs(0)] > 0 &&
                 hostReads[step.outputs(0)] == 0 && !pinnedToCpu(step);
      else if (step.kind() == PlanStep::ASSIGN_VARIABLE)
        device = onDevice[step.inputs(1)] && !pinnedToCpu(step);
      else if (step.kind() == PlanStep::ALIAS)
        device = onDevice[step.inputs(0)] && !pinnedToCpu(step);
      else
        continue;
      if (device == step.on_device())
        continue;
      step.set_on_device(device);
      result.deviceSteps += device ? 1 : -1;
      for (int out : step.outputs())
        onDevice[out] = device;
    }
  }

  /// Reads of each value on each side, an alias's reads counted as its
  /// source's too (fetches are host reads).
  void countReads(std::vector<int> &deviceReads, std::vector<int> &hostReads) {
    for (const PlanStep &step : plan.steps())
      for (int i = 0; i < step.inputs_size(); ++i) {
        if (step.kind() == PlanStep::SHAPE ||
            (step.kind() == PlanStep::ALIAS && i == 0))
          continue;
        (readsOnDevice(step, i) ? deviceReads : hostReads)[step.inputs(i)]++;
      }
    for (const PlanFetch &fetch : plan.fetches())
      hostReads[fetch.value()]++;
    for (int s = plan.steps_size() - 1; s >= 0; --s) {
      const PlanStep &step = plan.steps(s);
      if (step.kind() != PlanStep::ALIAS)
        continue;
      deviceReads[step.inputs(0)] += deviceReads[step.outputs(0)];
      hostReads[step.inputs(0)] += hostReads[step.outputs(0)];
    }
  }

  /// GPU convolutions take OHWI filters (cuDNN's NHWC filter layout): each
  /// constant HWIO filter gets a transposed copy, made once here, and the
  /// step says so (`_kiln_filter_layout`); the executor transposes a fed
  /// filter itself.
  void transposeFilters() {
    std::map<int, int> transposed;
    for (PlanStep &step : *plan.mutable_steps()) {
      const std::string &op = step.node().op();
      if (!step.on_device() || step.kind() != PlanStep::LIBRARY ||
          (op != "Conv2D" && op != "Conv2DBackpropInput") ||
          !isConstant(plan, step.inputs(1)))
        continue;
      (*step.mutable_node()->mutable_attr())["_kiln_filter_layout"].set_s(
          "OHWI");
      int hwio = step.inputs(1);
      auto found = transposed.find(hwio);
      if (found == transposed.end())
        found = transposed.emplace(hwio, addOhwiCopy(hwio)).first;
      step.set_inputs(1, found->second);
    }
  }

  int addOhwiCopy(int hwio) {
    const tensorflow::TensorProto *proto = nullptr;
    for (const PlanConstant &c : plan.constants())
      if (c.value() == hwio)
        proto = &c.tensor();
    kiln::StatusOr<kiln::Tensor> filter = kiln::Tensor::FromProto(*proto);
    const kiln::Tensor &f = *filter;
    int64_t r = f.dim_size(0), s = f.dim_size(1), c = f.dim_size(2),
            k = f.dim_size(3);
    kiln::Tensor ohwi = *kiln::Tensor::Allocate(
        tensorflow::DT_FLOAT, *kiln::TensorShape::Create({k, r, s, c}));
    const float *in = f.flat<float>().data();
    float *out = ohwi.flat<float>().data();
    for (int64_t i = 0; i < r * s * c; ++i)
      for (int64_t o = 0; o < k; ++o)
        out[o * r * s * c + i] = in[i * k + o];
    int value = plan.values_size();
    PlanValue *copy = plan.add_values();
    *copy = plan.values(hwio);
    copy->set_name(copy->name() + "/ohwi");
    tensorflow::TensorShapeProto *shape = copy->mutable_shape();
    shape->clear_dim();
    for (int64_t d : {k, r, s, c})
      shape->add_dim()->set_size(d);
    PlanConstant *constant = plan.add_constants();
    constant->set_value(value);
    (void)ohwi.ToProto(constant->mutable_tensor());
    onDevice.push_back(true);
    return value;
  }

  /// A constant read only on the device lives there.
  void placeConstants() {
    std::vector<int> deviceReads(plan.values_size(), 0);
    std::vector<int> hostReads(plan.values_size(), 0);
    for (const PlanStep &step : plan.steps())
      for (int i = 0; i < step.inputs_size(); ++i) {
        if (step.kind() == PlanStep::SHAPE)
          continue;
        (readsOnDevice(step, i) ? deviceReads : hostReads)[step.inputs(i)]++;
      }
    for (const PlanFetch &fetch : plan.fetches())
      hostReads[fetch.value()]++;
    for (const PlanConstant &constant : plan.constants()) {
      int v = constant.value();
      if (deviceReads[v] > 0 && hostReads[v] == 0)
        onDevice[v] = true;
    }
  }

  /// The value holding `v` on the other side, made by a copy step added
  /// to `steps` the first time it is asked for.
  int copyOf(int v, bool toDevice,
             google::protobuf::RepeatedPtrField<PlanStep> &steps) {
    auto key = std::make_pair(v, toDevice);
    auto found = copies.find(key);
    if (found != copies.end())
      return found->second;
    int copy = plan.values_size();
    PlanValue *value = plan.add_values();
    *value = plan.values(v);
    value->set_name(value->name() + (toDevice ? "/to_gpu" : "/to_host"));
    value->set_is_alias(false);
    value->set_on_device(toDevice);
    onDevice.push_back(toDevice);
    PlanStep *step = steps.Add();
    step->set_kind(toDevice ? PlanStep::COPY_TO_DEVICE
                            : PlanStep::COPY_TO_HOST);
    step->add_inputs(v);
    step->add_outputs(copy);
    step->set_on_device(true);
    step->mutable_node()->set_name(value->name());
    ++result.copies;
    copies[key] = copy;
    return copy;
  }

  void rewriteSteps() {
    google::protobuf::RepeatedPtrField<PlanStep> steps;
    for (PlanStep &step : *plan.mutable_steps()) {
      for (int i = 0; i < step.inputs_size(); ++i) {
        int v = step.inputs(i);
        if (step.kind() == PlanStep::SHAPE)
          continue;
        bool want = readsOnDevice(step, i);
        if (onDevice[v] != want)
          step.set_inputs(i, copyOf(v, want, steps));
      }
      *steps.Add() = std::move(step);
    }
    for (PlanFetch &fetch : *plan.mutable_fetches())
      if (onDevice[fetch.value()])
        fetch.set_value(copyOf(fetch.value(), false, steps));
    plan.mutable_steps()->Swap(&steps);
    for (int v = 0; v < plan.values_size(); ++v)
      plan.mutable_values(v)->set_on_device(onDevice[v]);
  }

  Plan &plan;
  ModuleOp kernels;
  std::vector<bool> onDevice;
  std::map<std::pair<int, bool>, int> copies;
  GpuPlacement result;
};

} // namespace

GpuPlacement placeOnGpu(Plan &plan, ModuleOp kernels, const std::string &chip) {
  GpuPlacement placement = Placer(plan, kernels).run();
  if (placement.deviceSteps == 0)
    return placement;
  plan.set_gpu_chip(chip);
  assignSlots(plan);
  return placement;
}

} // namespace kiln::compiler
