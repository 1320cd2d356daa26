// write_mlp_graph PATH [SEED]: writes the tests' frozen Fashion-MNIST MLP
// (tests/session/mlp_graph.h: x float [?,784] -> probs [?,10], constant
// random weights) as a binary GraphDef, for the deploy test.
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "tests/session/mlp_graph.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: write_mlp_graph PATH [SEED]\n");
    return 2;
  }
  const uint32_t seed = argc > 2 ? std::atoi(argv[2]) : 1;
  std::ofstream out(argv[1], std::ios::binary);
  if (!out || !kiln::testing::MlpGraph(seed).SerializeToOstream(&out)) {
    std::fprintf(stderr, "write_mlp_graph: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
