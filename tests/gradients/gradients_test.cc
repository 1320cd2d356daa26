// Every gradient function against float64 central finite differences on
// fresh random inputs (the seed is printed with any failure), and the
// registry's coverage of the op table.
#include <catch2/catch.hpp>
#include <random>

#include "frontend/gradients/registry.h"
#include "runtime/graph/op_spec.h"
#include "tests/gradients/grad_check.h"

namespace kiln {
namespace gradcheck {
namespace {

uint64_t FreshSeed() {
  static std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) | device();
}

void CheckAll(const std::vector<GradCase>& cases) {
  for (const GradCase& c : cases) {
    for (int order : {1, 2}) {
      if (order == 2 && !c.second_order) continue;
      const uint64_t seed = FreshSeed();
      CheckResult r = CheckCase(c, order, seed);
      INFO(c.name << " order " << order << " seed " << seed << ": " << r.error
                  << " worst " << r.worst << " at " << r.where);
      CHECK(r.error.empty());
      CHECK(r.checked > 0);
      CHECK(r.worst <= c.tolerance);
    }
  }
}

TEST_CASE("math gradients match finite differences", "[gradients]") {
  CheckAll(MathCases());
}

TEST_CASE("nn gradients match finite differences", "[gradients]") {
  CheckAll(NNCases());
}

TEST_CASE("array gradients match finite differences", "[gradients]") {
  CheckAll(ArrayCases());
}

TEST_CASE("conv and pooling gradients match finite differences",
          "[gradients]") {
  CheckAll(WindowCases());
}

TEST_CASE("every op has a gradient or is marked as having none",
          "[gradients]") {
  const GradientRegistry& registry = GradientRegistry::Global();
  for (const OpSpec& spec : AllOpSpecs()) {
    INFO(spec.name);
    CHECK(registry.Knows(spec.name));
  }
}

}  // namespace
}  // namespace gradcheck
}  // namespace kiln
