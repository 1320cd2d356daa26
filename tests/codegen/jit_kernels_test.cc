// Compiled kernels called through their packed entry points, the way the
// executor calls them, checked against plain C++ loops on random data.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "compiler/Codegen/Codegen.h"
#include "tests/codegen/kernels.h"
#include "tests/codegen/lower_to_llvm.h"

namespace kiln::testing {
namespace {

using compiler::CodegenOptions;
using compiler::JitCode;
using compiler::ObjectCode;

ObjectCode CompileKernels(const std::string& text) {
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module = LowerKernels(context, text);
  REQUIRE(module);
  mlir::FailureOr<ObjectCode> object =
      compiler::emitObjectCode(*module, CodegenOptions());
  REQUIRE(mlir::succeeded(object));
  return *object;
}

JitCode Load(const ObjectCode& object) {
  StatusOr<JitCode> code = compiler::loadObjectCode(object);
  INFO(code.status().ToString());
  REQUIRE(code.ok());
  return *std::move(code);
}

std::vector<float> RandomFloats(std::mt19937& rng, size_t n) {
  std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

unsigned FreshSeed() { return std::random_device{}(); }

// Runs tanh_scale through `code` on random m x n inputs; checks every element.
void CheckTanhScale(const JitCode& code, unsigned seed, int64_t m, int64_t n) {
  INFO("seed " << seed << ", " << m << "x" << n);
  std::mt19937 rng(seed);
  std::vector<float> a = RandomFloats(rng, m * n), b = RandomFloats(rng, n);
  std::vector<float> out(m * n, -7.0f);
  MemRef<2> a_desc = Dense2d(a.data(), m, n);
  MemRef<1> b_desc = Dense1d(b.data(), n);
  MemRef<2> out_desc = Dense2d(out.data(), m, n);
  void* args[] = {&a_desc, &b_desc, &out_desc};
  KernelEntry entry = code.resolve("kiln_packed_tanh_scale");
  REQUIRE(entry != nullptr);
  entry(args);
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      float expected = std::tanh(a[i * n + j] * b[j]) + 1.0f;
      REQUIRE(out[i * n + j] == Approx(expected).margin(1e-6));
    }
  }
}

TEST_CASE("tanh_scale matches a plain loop", "[codegen]") {
  JitCode code = Load(CompileKernels(kTanhScaleKernel));
  CheckTanhScale(code, FreshSeed(), 37, 53);
  CheckTanhScale(code, FreshSeed(), 1, 1);
  CheckTanhScale(code, FreshSeed(), 0, 5);  // empty: nothing written
}

TEST_CASE("several kernels in one module", "[codegen]") {
  ObjectCode object = CompileKernels(std::string(kTanhScaleKernel) +
                                     kAddKernel + kScaledSumKernel);
  REQUIRE(object.entryPoints.size() == 3);
  JitCode code = Load(object);
  unsigned seed = FreshSeed();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  CheckTanhScale(code, seed, 8, 9);

  SECTION("strided views") {
    const int64_t n = 101;
    std::vector<float> a = RandomFloats(rng, 2 * n + 1);
    std::vector<float> b = RandomFloats(rng, 3 * n);
    std::vector<float> out(n);
    // a[i] is a_data[1 + 2i]; b[i] is b_data[3i].
    MemRef<1> a_desc{a.data(), a.data(), 1, {n}, {2}};
    MemRef<1> b_desc{b.data(), b.data(), 0, {n}, {3}};
    MemRef<1> out_desc = Dense1d(out.data(), n);
    void* args[] = {&a_desc, &b_desc, &out_desc};
    code.resolve("kiln_packed_add")(args);
    for (int64_t i = 0; i < n; ++i) {
      REQUIRE(out[i] == a[1 + 2 * i] + b[3 * i]);
    }
  }

  SECTION("scalar argument and result") {
    std::vector<float> a = RandomFloats(rng, 77);
    float scale = 0.25f;
    float result = -1.0f;
    MemRef<1> a_desc = Dense1d(a.data(), 77);
    void* args[] = {&a_desc, &scale, &result};
    code.resolve("kiln_packed_scaled_sum")(args);
    float sum = 0.0f;
    for (float x : a) sum += x;
    REQUIRE(result == Approx(sum * scale).margin(1e-5));
  }

  REQUIRE(code.resolve("kiln_packed_missing") == nullptr);
}

TEST_CASE("two JITs alive at once", "[codegen]") {
  ObjectCode object = CompileKernels(kTanhScaleKernel);
  JitCode first = Load(object);
  JitCode second = Load(CompileKernels(kTanhScaleKernel));
  CheckTanhScale(first, FreshSeed(), 16, 16);
  CheckTanhScale(second, FreshSeed(), 16, 16);
  // The second keeps working after the first's code is unmapped.
  KernelEntry before = second.resolve("kiln_packed_tanh_scale");
  first = JitCode();
  REQUIRE(second.resolve("kiln_packed_tanh_scale") == before);
  CheckTanhScale(second, FreshSeed(), 9, 31);
}

TEST_CASE("compiling and loading from several threads", "[codegen]") {
  const int kThreads = 4;
  std::vector<std::thread> threads;
  std::vector<std::string> errors(kThreads);
  std::vector<unsigned> seeds(kThreads);
  for (unsigned& seed : seeds) seed = FreshSeed();
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Catch's assertions are not thread-safe: collect, check afterwards.
      mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
      auto module = LowerKernels(context, kTanhScaleKernel);
      if (!module) return void(errors[t] = "lowering failed");
      auto object = compiler::emitObjectCode(*module, CodegenOptions());
      if (mlir::failed(object)) return void(errors[t] = "codegen failed");
      StatusOr<JitCode> code = compiler::loadObjectCode(*object);
      if (!code.ok()) return void(errors[t] = code.status().ToString());
      std::mt19937 rng(seeds[t]);
      const int64_t n = 257;
      std::vector<float> a = RandomFloats(rng, n), b = RandomFloats(rng, n);
      std::vector<float> out(n);
      MemRef<2> a_desc = Dense2d(a.data(), 1, n);
      MemRef<1> b_desc = Dense1d(b.data(), n);
      MemRef<2> out_desc = Dense2d(out.data(), 1, n);
      void* args[] = {&a_desc, &b_desc, &out_desc};
      code->resolve("kiln_packed_tanh_scale")(args);
      for (int64_t j = 0; j < n; ++j) {
        if (std::abs(out[j] - (std::tanh(a[j] * b[j]) + 1.0f)) > 1e-6f) {
          return void(errors[t] = "wrong result at " + std::to_string(j));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    INFO("thread " << t << " seed " << seeds[t]);
    REQUIRE(errors[t].empty());
  }
}

}  // namespace
}  // namespace kiln::testing
