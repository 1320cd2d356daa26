// The GPU target's plans, on any machine (compiling for the GPU needs no
// device): which steps the compiler places on the GPU, the copies at the
// boundaries, slots kept apart, the PTX in the object code, and the error a
// GPU plan gives where there is no GPU.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "compiler/CpuCompiler.h"
#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "frontend/session.h"
#include "frontend/variables/variable.h"
#include "runtime/cuda/driver.h"
#include "runtime/exec/executor.h"
#include "tests/cuda/train_graphs.h"
#include "tests/session/half_chain_graph.h"
#include "tests/session/mlp_graph.h"
#include "tests/session/reference_graph.h"

namespace kiln {
namespace testing {
namespace {

CompileRequest GpuRequest(std::vector<std::string> fetches) {
  CompileRequest request;
  request.feeds = {{"x", DT_FLOAT, {-1, 784}}};
  request.fetches = std::move(fetches);
  request.options.gpu = true;
  return request;
}

compiler::CompiledGraph CompileOrFail(const tensorflow::GraphDef& graph,
                                      const CompileRequest& request) {
  auto compiled = compiler::compileGraph(graph, request, {});
  INFO(compiled.status().ToString());
  REQUIRE(compiled.ok());
  return std::move(compiled).value();
}

int CountSteps(const Plan& plan, PlanStep::Kind kind, bool on_device) {
  int n = 0;
  for (const PlanStep& step : plan.steps())
    n += step.kind() == kind && step.on_device() == on_device;
  return n;
}

TEST_CASE("The MLP's matmuls and softmax go to the GPU, copies at the ends") {
  const Plan plan =
      CompileOrFail(MlpGraph(3), GpuRequest({"probs:0", "logits:0"})).plan;
  CHECK(plan.gpu_chip() == "sm_90");
  CHECK(CountSteps(plan, PlanStep::MATMUL, true) == 3);
  CHECK(CountSteps(plan, PlanStep::MATMUL, false) == 0);
  CHECK(CountSteps(plan, PlanStep::KERNEL, true) >= 1);
  CHECK(CountSteps(plan, PlanStep::KERNEL, false) == 0);
  // One copy in (x), one out per fetch: nothing crosses in between.
  CHECK(CountSteps(plan, PlanStep::COPY_TO_DEVICE, true) == 1);
  CHECK(CountSteps(plan, PlanStep::COPY_TO_HOST, true) == 2);
  // Every GPU step reads and writes device values; fetches are on the host;
  // a slot holds host values or device values, never both.
  std::map<int, bool> slot_device;
  for (const PlanStep& step : plan.steps()) {
    if (!step.on_device() || step.kind() == PlanStep::COPY_TO_HOST) continue;
    for (int v : step.outputs()) CHECK(plan.values(v).on_device());
    if (step.kind() == PlanStep::COPY_TO_DEVICE) continue;
    for (int v : step.inputs()) CHECK(plan.values(v).on_device());
  }
  for (const PlanFetch& fetch : plan.fetches())
    CHECK_FALSE(plan.values(fetch.value()).on_device());
  for (const PlanValue& value : plan.values()) {
    if (value.slot() < 0) continue;
    auto [it, fresh] = slot_device.emplace(value.slot(), value.on_device());
    CHECK(it->second == value.on_device());
  }
  // The weights only the GPU reads live there: no copy per run.
  int device_constants = 0;
  for (const PlanConstant& c : plan.constants())
    device_constants += plan.values(c.value()).on_device();
  CHECK(device_constants == 6);
}

TEST_CASE("GPU kernels are PTX in the object, called through the table") {
  const compiler::CompiledGraph compiled =
      CompileOrFail(MlpGraph(3), GpuRequest({"probs:0"}));
  REQUIRE(compiled.object.has_value());
  CHECK(compiled.object->gpuLaunchTable);
  CHECK(compiled.object->bytes.find(".target sm_90") != std::string::npos);
  CHECK(compiled.object->bytes.find(".entry") != std::string::npos);
  // Another chip (older: PTX the driver JIT-compiles for newer GPUs too).
  CompileRequest portable = GpuRequest({"probs:0"});
  portable.options.gpu_chip = "sm_70";
  const compiler::CompiledGraph old = CompileOrFail(MlpGraph(3), portable);
  CHECK(old.plan.gpu_chip() == "sm_70");
  CHECK(old.object->bytes.find(".target sm_70") != std::string::npos);
  CHECK(old.object->bytes.find(".target sm_90") == std::string::npos);
  // A CPU compile of the same graph has neither.
  CompileRequest cpu = GpuRequest({"probs:0"});
  cpu.options.gpu = false;
  const compiler::CompiledGraph host = CompileOrFail(MlpGraph(3), cpu);
  CHECK_FALSE(host.object->gpuLaunchTable);
  CHECK(host.plan.gpu_chip().empty());
}

TEST_CASE("A node pinned to the CPU stays on the host, with copies around") {
  tensorflow::GraphDef graph = MlpGraph(3);
  for (tensorflow::NodeDef& node : *graph.mutable_node())
    if (node.name() == "dense_1/MatMul") node.set_device("/device:CPU:0");
  const Plan plan = CompileOrFail(graph, GpuRequest({"probs:0"})).plan;
  CHECK(CountSteps(plan, PlanStep::MATMUL, false) == 1);
  CHECK(CountSteps(plan, PlanStep::MATMUL, true) == 2);
  CHECK(CountSteps(plan, PlanStep::COPY_TO_HOST, true) == 2);
  CHECK(CountSteps(plan, PlanStep::COPY_TO_DEVICE, true) == 2);
}

TEST_CASE("Training steps run on the GPU, their variables resident there") {
  // The MLP's (cuBLASLt and kernels) and the CNN's (cuDNN convolutions,
  // pools and their gradients too); `vars` weights and biases each.
  for (auto [name, vars] : {std::make_pair("mlp", 4), {"cnn", 6}}) {
    INFO(name);
    StatusOr<TrainGraph> train =
        std::string(name) == "mlp" ? MlpTrainGraph(5) : CnnTrainGraph(5);
    REQUIRE(train.ok());
    CompileRequest request = train->request;
    request.options.gpu = true;
    const Plan plan = CompileOrFail(train->graph, request).plan;
    // Forward, backward and the SGD update: nothing computes on the host.
    for (const PlanStep& step : plan.steps()) {
      INFO(step.node().name()
           << " (" << step.node().op() << ") kind " << step.kind());
      if (step.kind() == PlanStep::VAR_HANDLE || step.kind() == PlanStep::SHAPE)
        continue;
      CHECK(step.on_device());
    }
    // Reads of every variable are device reads, writes device writes
    // (each variable and its momentum); only the feeds come in and the
    // fetches go out.
    CHECK(CountSteps(plan, PlanStep::READ_VARIABLE, true) >= vars + 2);
    CHECK(CountSteps(plan, PlanStep::ASSIGN_VARIABLE, true) >= 2 * vars);
    CHECK(CountSteps(plan, PlanStep::COPY_TO_DEVICE, true) == 2);
    CHECK(CountSteps(plan, PlanStep::COPY_TO_HOST, true) == 2);
  }
}

TEST_CASE("A variable the host also reads stays there; the GPU gets a copy") {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 4}));
  StatusOr<Variable> w =
      Variable::FromValue(root.WithOpName("w"), RandomFloats({4, 4}, 3));
  REQUIRE(w.ok());
  Output read = w->Read(root.WithOpName("read"));
  ops::MatMul(root.WithOpName("y"), x, read);
  tensorflow::GraphDef graph;
  REQUIRE(root.ToGraphDef(&graph).ok());
  CompileRequest request;
  request.feeds = {{"x", DT_FLOAT, {-1, 4}}};
  request.fetches = {"y:0", "read:0"};  // the value itself: a host read
  request.options.gpu = true;
  const Plan plan = CompileOrFail(graph, request).plan;
  CHECK(CountSteps(plan, PlanStep::MATMUL, true) == 1);
  CHECK(CountSteps(plan, PlanStep::READ_VARIABLE, false) == 1);
  CHECK(CountSteps(plan, PlanStep::COPY_TO_DEVICE, true) == 2);  // x, w
}

TEST_CASE("Half-precision kernels run on the GPU, in f16 and bf16") {
  for (DataType dtype : {tensorflow::DT_HALF, tensorflow::DT_BFLOAT16}) {
    INFO(DataTypeName(dtype));
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), dtype,
                                Shape::Of({kUnknownDim, 8}));
    ops::Tanh(root.WithOpName("y"), ops::Relu(root, ops::Neg(root, x)));
    tensorflow::GraphDef graph;
    REQUIRE(root.ToGraphDef(&graph).ok());
    CompileRequest request;
    request.feeds = {{"x", dtype, {-1, 8}}};
    request.fetches = {"y:0"};
    request.options.gpu = true;
    const compiler::CompiledGraph compiled = CompileOrFail(graph, request);
    CHECK(CountSteps(compiled.plan, PlanStep::KERNEL, true) == 1);
    CHECK(CountSteps(compiled.plan, PlanStep::KERNEL, false) == 0);
    // 16-bit loads and stores in the PTX.
    CHECK(compiled.object->bytes.find("ld.global.b16") != std::string::npos);
  }
}

TEST_CASE("Mixed-precision matmuls (bf16, f16) go to cuBLASLt") {
  for (DataType dtype : {tensorflow::DT_HALF, tensorflow::DT_BFLOAT16}) {
    INFO(DataTypeName(dtype));
    CompileRequest request = GpuRequest({"probs:0"});
    const Plan plan = CompileOrFail(HalfMlpGraph(dtype, 3), request).plan;
    CHECK(CountSteps(plan, PlanStep::MATMUL, true) == 2);
    CHECK(CountSteps(plan, PlanStep::MATMUL, false) == 0);
    CHECK(CountSteps(plan, PlanStep::COPY_TO_DEVICE, true) == 1);
  }
}

TEST_CASE("Batched matmuls go to cuBLASLt's strided batches when they can") {
  struct Shapes {
    std::vector<int64_t> a, b;
    bool gpu;
  };
  const Shapes cases[] = {
      {{-1, 5, 8}, {8, 4}, true},           // Dense over a sequence
      {{2, 3, 5, 8}, {2, 3, 8, 4}, true},   // both batched, known dims
      {{1, 1, 5, 8}, {-1, 8, 4}, true},     // a broadcast, b batched
      {{-1, 5, 8}, {-1, 8, 4}, false},      // both unknown: maybe mixed
      {{2, 1, 5, 8}, {1, 3, 8, 4}, false},  // broadcast across some dims
  };
  for (const Shapes& c : cases) {
    Scope root = Scope::NewRootScope();
    Output a = ops::Placeholder(root.WithOpName("a"), DT_FLOAT, Shape::Of(c.a));
    Output b = ops::Placeholder(root.WithOpName("b"), DT_FLOAT, Shape::Of(c.b));
    ops::BatchMatMulV2(root.WithOpName("y"), a, b);
    tensorflow::GraphDef graph;
    REQUIRE(root.ToGraphDef(&graph).ok());
    CompileRequest request;
    request.feeds = {{"a", DT_FLOAT, c.a}, {"b", DT_FLOAT, c.b}};
    request.fetches = {"y:0"};
    request.options.gpu = true;
    const Plan plan = CompileOrFail(graph, request).plan;
    INFO(Shape::Of(c.a).ToString() << " x " << Shape::Of(c.b).ToString());
    CHECK(CountSteps(plan, PlanStep::MATMUL, true) == (c.gpu ? 1 : 0));
  }
}

TEST_CASE("Without a GPU, a GPU plan's run says why and returns nothing") {
  StatusOr<int> count = cuda::DeviceCount();
  if (count.ok() && *count > 0) {
    WARN("a GPU is present: kiln_gpu_check covers GPU runs");
    return;
  }
  // A plan compiled for the GPU elsewhere (a bundle, or this compile),
  // run here.
  auto exe =
      compiler::newCpuCompiler()->Compile(MlpGraph(3), GpuRequest({"probs:0"}));
  REQUIRE(exe.ok());
  Executor executor(*exe);
  std::vector<Tensor> out = {Tensor()};
  Status s = executor.Run({RandomFloats({2, 784}, 1, 0, 1)}, nullptr, &out);
  CHECK(s.code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(s.message(), Catch::Contains("GPU"));
  CHECK(out.empty());
}

tensorflow::GraphDef ConvGraph(const Tensor& filter, const char* padding) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 10, 10, 3}));
  auto f = filter.flat<float>();
  Output w = ops::Const(root, std::vector<float>(f.data(), f.data() + f.size()),
                        Shape::Of(filter.shape().dim_sizes()));
  ops::Relu(root.WithOpName("y"),
            ops::Conv2D(root, x, w, {1, 1, 1, 1}, padding));
  tensorflow::GraphDef graph;
  (void)root.ToGraphDef(&graph);
  return graph;
}

TEST_CASE("A constant-filter NHWC Conv2D goes to cuDNN with an OHWI filter") {
  const Tensor hwio = RandomFloats({3, 2, 3, 5}, 9);
  CompileRequest request;
  request.feeds = {{"x", DT_FLOAT, {-1, 10, 10, 3}}};
  request.fetches = {"y:0"};
  request.options.gpu = true;
  const Plan plan = CompileOrFail(ConvGraph(hwio, "VALID"), request).plan;
  REQUIRE(CountSteps(plan, PlanStep::LIBRARY, true) == 1);
  const PlanStep* conv = nullptr;
  for (const PlanStep& step : plan.steps())
    if (step.kind() == PlanStep::LIBRARY) conv = &step;
  CHECK(conv->node().attr().at("_kiln_activation").s() == "Relu");
  CHECK(conv->node().attr().at("_kiln_filter_layout").s() == "OHWI");
  // Its filter: a device constant, HWIO [3,2,3,5] transposed to [5,3,2,3].
  const PlanConstant* filter = nullptr;
  for (const PlanConstant& c : plan.constants())
    if (c.value() == conv->inputs(1)) filter = &c;
  REQUIRE(filter != nullptr);
  CHECK(plan.values(filter->value()).on_device());
  auto ohwi = Tensor::FromProto(filter->tensor());
  REQUIRE(ohwi.ok());
  REQUIRE(ohwi->shape().dim_sizes() == std::vector<int64_t>{5, 3, 2, 3});
  for (int64_t r = 0; r < 3; ++r)
    for (int64_t s = 0; s < 2; ++s)
      for (int64_t c = 0; c < 3; ++c)
        for (int64_t o = 0; o < 5; ++o)
          CHECK(ohwi->flat<float>()[((o * 3 + r) * 2 + s) * 3 + c] ==
                hwio.flat<float>()[((r * 2 + s) * 3 + c) * 5 + o]);
  // SAME with a 2-wide filter pads unevenly: cuDNN cannot, the CPU does.
  const Plan uneven = CompileOrFail(ConvGraph(hwio, "SAME"), request).plan;
  CHECK(CountSteps(uneven, PlanStep::LIBRARY, false) == 1);
}

TEST_CASE("A fed-filter Conv2D goes to cuDNN, its filter transposed per run") {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 10, 10, 3}));
  Output w =
      ops::Placeholder(root.WithOpName("w"), DT_FLOAT, Shape::Of({3, 3, 3, 8}));
  ops::Conv2D(root.WithOpName("y"), x, w, {1, 1, 1, 1}, "SAME");
  tensorflow::GraphDef graph;
  REQUIRE(root.ToGraphDef(&graph).ok());
  CompileRequest request;
  request.feeds = {{"x", DT_FLOAT, {-1, 10, 10, 3}},
                   {"w", DT_FLOAT, {3, 3, 3, 8}}};
  request.fetches = {"y:0"};
  request.options.gpu = true;
  const Plan plan = CompileOrFail(graph, request).plan;
  REQUIRE(CountSteps(plan, PlanStep::LIBRARY, true) == 1);
  for (const PlanStep& step : plan.steps()) {
    if (step.kind() != PlanStep::LIBRARY) continue;
    CHECK(step.node().attr().count("_kiln_filter_layout") == 0);  // HWIO
    CHECK(plan.values(step.inputs(1)).shape().dim(3).size() == 8);
  }
  CHECK(CountSteps(plan, PlanStep::COPY_TO_DEVICE, true) == 2);  // x, w
}

// A convolution's two gradients with fed operands (what a training step
// has): both on cuDNN, their sizes read on the host.
tensorflow::GraphDef ConvGradsGraph() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 12, 12, 4}));
  Output w =
      ops::Placeholder(root.WithOpName("w"), DT_FLOAT, Shape::Of({3, 3, 4, 6}));
  Output dy = ops::Placeholder(root.WithOpName("dy"), DT_FLOAT,
                               Shape::Of({kUnknownDim, 12, 12, 6}));
  ops::Conv2DBackpropInput(root.WithOpName("dx"), ops::Shape(root, x), w, dy,
                           {1, 1, 1, 1}, "SAME");
  ops::Conv2DBackpropInput(root.WithOpName("dx_static"),
                           ops::Const(root, {8, 12, 12, 4}), w, dy,
                           {1, 1, 1, 1}, "SAME");
  ops::Conv2DBackpropFilter(root.WithOpName("dw"), x,
                            ops::Const(root, {3, 3, 4, 6}), dy, {1, 1, 1, 1},
                            "SAME");
  tensorflow::GraphDef graph;
  if (!root.ToGraphDef(&graph).ok()) graph.Clear();
  return graph;
}

TEST_CASE("Convolution gradients go to cuDNN, sizes on the host") {
  CompileRequest request;
  request.feeds = {{"x", DT_FLOAT, {-1, 12, 12, 4}},
                   {"w", DT_FLOAT, {3, 3, 4, 6}},
                   {"dy", DT_FLOAT, {-1, 12, 12, 6}}};
  request.fetches = {"dx_static:0", "dw:0"};
  request.options.gpu = true;
  const Plan plan = CompileOrFail(ConvGradsGraph(), request).plan;
  CHECK(CountSteps(plan, PlanStep::LIBRARY, true) == 2);
  for (const PlanStep& step : plan.steps()) {
    if (step.kind() != PlanStep::LIBRARY) continue;
    // input_sizes (Shape(x), made on the host) and filter_sizes stay there.
    const int sizes = step.node().op() == "Conv2DBackpropInput" ? 0 : 1;
    CHECK_FALSE(plan.values(step.inputs(sizes)).on_device());
    CHECK(step.node().attr().count("_kiln_filter_layout") == 0);
  }
  // input_sizes from Shape(x) with an unknown batch (a Keras backward
  // pass's): x's static spatial dims check the padding; GPU too.
  request.fetches = {"dx:0"};
  const Plan dynamic = CompileOrFail(ConvGradsGraph(), request).plan;
  CHECK(CountSteps(dynamic, PlanStep::LIBRARY, true) == 1);
  CHECK(CountSteps(dynamic, PlanStep::LIBRARY, false) == 0);
}

// Max and average pooling with their gradients (what a CNN's training
// step has), and a MaxPool whose SAME padding splits unevenly.
tensorflow::GraphDef PoolGraph() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 12, 12, 4}));
  Output y = ops::MaxPool(root.WithOpName("max"), x, {1, 2, 2, 1}, {1, 2, 2, 1},
                          "VALID");
  ops::MaxPoolGrad(root.WithOpName("dmax"), x, y, ops::Neg(root, y),
                   {1, 2, 2, 1}, {1, 2, 2, 1}, "VALID");
  Output a = ops::AvgPool(root.WithOpName("avg"), x, {1, 3, 3, 1}, {1, 1, 1, 1},
                          "SAME");
  ops::AvgPoolGrad(root.WithOpName("davg"), ops::Shape(root, x),
                   ops::Neg(root, a), {1, 3, 3, 1}, {1, 1, 1, 1}, "SAME");
  ops::MaxPool(root.WithOpName("uneven"), x, {1, 2, 2, 1}, {1, 1, 1, 1},
               "SAME");
  tensorflow::GraphDef graph;
  if (!root.ToGraphDef(&graph).ok()) graph.Clear();
  return graph;
}

TEST_CASE("Pooling and its gradients go to cuDNN, uneven SAME to the host") {
  CompileRequest request;
  request.feeds = {{"x", DT_FLOAT, {-1, 12, 12, 4}}};
  request.fetches = {"dmax:0", "davg:0"};
  request.options.gpu = true;
  const Plan plan = CompileOrFail(PoolGraph(), request).plan;
  std::set<std::string> on_gpu;
  for (const PlanStep& step : plan.steps()) {
    if (step.kind() != PlanStep::LIBRARY) continue;
    CHECK(step.on_device());
    on_gpu.insert(step.node().op());
    // AvgPoolGrad's orig_input_shape (Shape(x)) is read on the host.
    if (step.node().op() == "AvgPoolGrad")
      CHECK_FALSE(plan.values(step.inputs(0)).on_device());
  }
  CHECK(on_gpu == std::set<std::string>{"MaxPool", "MaxPoolGrad", "AvgPool",
                                        "AvgPoolGrad"});
  CHECK(CountSteps(plan, PlanStep::COPY_TO_DEVICE, true) == 1);  // x
  request.fetches = {"uneven:0"};
  const Plan uneven = CompileOrFail(PoolGraph(), request).plan;
  CHECK(CountSteps(uneven, PlanStep::LIBRARY, false) == 1);
  CHECK(CountSteps(uneven, PlanStep::LIBRARY, true) == 0);
}

bool HaveGpu() {
  StatusOr<int> count = cuda::DeviceCount();
  return count.ok() && *count > 0;
}

TEST_CASE("Session device options: CPU, GPU, default, bad names") {
  auto create = [](const std::string& device) {
    SessionOptions options;
    options.device = device;
    return Session::Create(MlpGraph(3), options);
  };
  for (const char* cpu : {"CPU", "/device:CPU:0", "cpu:0",
                          "/job:localhost/replica:0/task:0/device:CPU:0"}) {
    auto session = create(cpu);
    INFO(cpu << ": " << session.status().ToString());
    REQUIRE(session.ok());
    std::vector<Tensor> out;
    REQUIRE((*session)
                ->Run({{"x", RandomFloats({2, 784}, 1, 0, 1)}}, {"probs:0"}, {},
                      &out)
                .ok());
  }
  for (const char* bad : {"TPU", "/device:GPU:1", "GPU:x"}) {
    auto session = create(bad);
    INFO(bad);
    CHECK(session.status().code() == StatusCode::kInvalidArgument);
  }
  if (HaveGpu()) {
    WARN("a GPU is present: the no-GPU answers are not checked");
    return;
  }
  // Without a GPU the default is the CPU, and asking for one says why not.
  CHECK(create("").ok());
  auto gpu = create("/device:GPU:0");
  CHECK(gpu.status().code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(gpu.status().message(), Catch::Contains("GPU"));
}

}  // namespace
}  // namespace testing
}  // namespace kiln
