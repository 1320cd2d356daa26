// Bundles: the Fashion-MNIST MLP compiled ahead of time, loaded by the
// runtime's loader (no compiler involved) and run on random inputs against
// a Session of the same graph; weights embedded or in a sidecar; and every
// way a bundle can be bad gives a clear error.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <random>

#include "compiler/Aot/BuildBundle.h"
#include "frontend/session.h"
#include "runtime/exec/bundle_loader.h"
#include "runtime/exec/executor.h"
#include "runtime/io/file_util.h"
#include "tests/session/mlp_graph.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;

Tensor RandomImages(std::mt19937& rng, int64_t rows) {
  Tensor t = Tensor::Allocate(tensorflow::DT_FLOAT,
                              TensorShape::Create({rows, 784}).value())
                 .value();
  for (float& v : t.flat<float>())
    v = std::uniform_real_distribution<float>(0, 1)(rng);
  return t;
}

CompileRequest MlpRequest() {
  CompileRequest request;
  request.feeds = {{"x:0", tensorflow::DT_FLOAT, {-1, 784}}};
  request.fetches = {"probs:0"};
  return request;
}

std::string TempDir() {
  fs::path dir = fs::temp_directory_path() /
                 ("kiln-aot-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  return dir.string();
}

std::vector<Tensor> RunSession(const tensorflow::GraphDef& graph,
                               const Tensor& x) {
  auto session = Session::Create(graph);
  REQUIRE(session.ok());
  std::vector<Tensor> out;
  REQUIRE((*session)->Run({{"x", x}}, {"probs:0"}, &out).ok());
  return out;
}

std::vector<Tensor> RunBundle(const LoadedBundle& bundle, const Tensor& x) {
  Executor executor(bundle.executable);
  VariableStore variables;
  std::vector<Tensor> out;
  Status s = executor.Run({x}, &variables, &out);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return out;
}

void CheckSame(const Tensor& a, const Tensor& b) {
  REQUIRE(a.NumElements() == b.NumElements());
  for (int64_t i = 0; i < a.NumElements(); ++i)
    CHECK(a.flat<float>()[i] == Approx(b.flat<float>()[i]).margin(1e-6));
}

TEST_CASE("a bundle runs the graph as the Session does", "[aot]") {
  std::mt19937 rng(std::random_device{}());
  const tensorflow::GraphDef graph = testing::MlpGraph(rng());
  compiler::BundleOptions options;
  options.name = "FashionMlp";
  auto bundle = compiler::buildBundle(graph, MlpRequest(), options);
  INFO(bundle.status().ToString());
  REQUIRE(bundle.ok());
  CHECK(bundle->format() == "kiln.bundle.v1");
  REQUIRE(bundle->signature().inputs_size() == 1);
  CHECK(bundle->signature().inputs(0).name() == "x:0");
  CHECK(bundle->signature().outputs(0).name() == "probs:0");
  CHECK(bundle->signature().outputs(0).shape().dim(1).size() == 10);
  CHECK_FALSE(bundle->shared_object().empty());

  const std::string dir = TempDir();
  const std::string path = dir + "/FashionMlp.kbundle";
  REQUIRE(WriteFileAtomically(path, bundle->SerializeAsString()).ok());
  auto loaded = LoadBundle(path);
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  CHECK(loaded->name == "FashionMlp");
  for (int64_t rows : {1, 7, 64}) {
    const Tensor x = RandomImages(rng, rows);
    CheckSame(RunBundle(*loaded, x)[0], RunSession(graph, x)[0]);
  }

  SECTION("two bundles loaded at once each run their own code") {
    const tensorflow::GraphDef other_graph = testing::MlpGraph(rng());
    compiler::BundleOptions wide;
    wide.name = "Other";
    auto other = compiler::buildBundle(other_graph, MlpRequest(), wide);
    REQUIRE(other.ok());
    auto second = LoadBundleFromBytes(other->SerializeAsString(), "other", "");
    REQUIRE(second.ok());
    const Tensor x = RandomImages(rng, 5);
    CheckSame(RunBundle(*loaded, x)[0], RunSession(graph, x)[0]);
    CheckSame(RunBundle(*second, x)[0], RunSession(other_graph, x)[0]);
  }

  SECTION("weights in a sidecar file") {
    kiln::Bundle split = *bundle;
    BundleWeights weights = compiler::splitWeights(split, "FashionMlp.weights");
    CHECK(split.plan().constants_size() == 0);
    const std::string sidecar = dir + "/split.kbundle";
    REQUIRE(WriteFileAtomically(sidecar, split.SerializeAsString()).ok());
    // Without its weights file: an error naming it.
    auto missing = LoadBundle(sidecar);
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.status().message(),
               Catch::Contains("FashionMlp.weights"));
    REQUIRE(WriteFileAtomically(dir + "/FashionMlp.weights",
                                weights.SerializeAsString())
                .ok());
    auto with = LoadBundle(sidecar);
    INFO(with.status().ToString());
    REQUIRE(with.ok());
    const Tensor x = RandomImages(rng, 3);
    CheckSame(RunBundle(*with, x)[0], RunSession(graph, x)[0]);
    // Weights excluded, the MLP's bundle is small.
    CHECK(split.ByteSizeLong() - split.graph().ByteSizeLong() < 2u << 20);
  }

  SECTION("bad bundles are errors naming the file") {
    const std::string bytes = bundle->SerializeAsString();
    auto truncated = LoadBundleFromBytes(bytes.substr(0, bytes.size() / 2),
                                         "cut.kbundle", "");
    REQUIRE_FALSE(truncated.ok());
    CHECK_THAT(truncated.status().message(), Catch::Contains("cut.kbundle"));

    kiln::Bundle other = *bundle;
    other.set_format("kiln.bundle.v0");
    auto format = LoadBundleFromBytes(other.SerializeAsString(), "v0", "");
    REQUIRE_FALSE(format.ok());
    CHECK_THAT(format.status().message(), Catch::Contains("kiln.bundle.v0"));

    other = *bundle;
    other.mutable_target()->add_required_features("no-such-isa");
    auto isa = LoadBundleFromBytes(other.SerializeAsString(), "isa", "");
    REQUIRE_FALSE(isa.ok());
    CHECK(isa.status().code() == StatusCode::kFailedPrecondition);
    CHECK_THAT(isa.status().message(), Catch::Contains("no-such-isa"));

    other = *bundle;
    other.set_shared_object("not an ELF file");
    auto elf = LoadBundleFromBytes(other.SerializeAsString(), "elf", "");
    REQUIRE_FALSE(elf.ok());
    CHECK_THAT(elf.status().message(), Catch::Contains("does not load"));

    other = *bundle;
    other.clear_shared_object();  // the plan's kernels are nowhere
    auto code = LoadBundleFromBytes(other.SerializeAsString(), "nocode", "");
    REQUIRE_FALSE(code.ok());
    CHECK_THAT(code.status().message(), Catch::Contains("nocode"));
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kiln
