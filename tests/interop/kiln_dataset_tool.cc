// kiln_dataset_tool: the Kiln side of interop.dataset_like_tf. Inputs are
// lengths L0,L1,...; element i is the int64 vector 100*i + [0, Li).
//
//   kiln_dataset_tool interleave CYCLE BLOCK L0,L1,...
//       input i's dataset yields its vector's values; prints them in
//       interleave order, one line
//   kiln_dataset_tool padded_batch BATCH PAD L0,L1,...
//       padded_batch(BATCH) with padding value PAD; prints each batch as
//       "d0xd1: v v v ..." on its own line
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "frontend/data/dataset.h"

namespace kiln {
namespace data {
namespace {

std::vector<int64_t> Lengths(const std::string& list) {
  std::vector<int64_t> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(std::atoll(item.c_str()));
  }
  return out;
}

Dataset Vectors(const std::vector<int64_t>& lengths) {
  return Dataset::FromGenerator([lengths] {
    auto i = std::make_shared<size_t>(0);
    return [lengths, i]() -> StatusOr<std::optional<Element>> {
      if (*i == lengths.size()) return std::optional<Element>();
      std::vector<int64_t> v(lengths[*i]);
      for (size_t j = 0; j < v.size(); ++j) v[j] = 100 * *i + j;
      ++*i;
      KILN_ASSIGN_OR_RETURN(Tensor t, Tensor::FromVector<int64_t>(v));
      return std::optional<Element>(Element{t});
    };
  });
}

Status Print(const Dataset& ds, bool one_line) {
  auto it = ds.MakeIterator();
  while (true) {
    KILN_ASSIGN_OR_RETURN(std::optional<Element> e, it->Next());
    if (!e) break;
    const Tensor& t = (*e)[0];
    if (!one_line) {
      std::printf("%lldx%lld:", static_cast<long long>(t.dim_size(0)),
                  static_cast<long long>(t.dim_size(1)));
    }
    for (int64_t v : t.flat<int64_t>()) std::printf(" %lld", (long long)v);
    if (!one_line) std::printf("\n");
  }
  if (one_line) std::printf("\n");
  return OkStatus();
}

Status Main(int argc, char** argv) {
  if (argc != 5) return InvalidArgument("usage: see the file's comment");
  const std::string cmd = argv[1];
  const std::vector<int64_t> lengths = Lengths(argv[4]);
  if (cmd == "interleave") {
    // Unbatch turns each vector into its scalars.
    Dataset inputs = Vectors(lengths);
    return Print(inputs.Interleave(
                     [](const Element& e) -> StatusOr<Dataset> {
                       return Dataset::FromTensorSlices({e[0]});
                     },
                     std::atoi(argv[2]), std::atoi(argv[3])),
                 true);
  }
  if (cmd == "padded_batch") {
    return Print(Vectors(lengths).PaddedBatch(std::atoll(argv[2]), {},
                                              {std::atof(argv[3])}),
                 false);
  }
  return InvalidArgument("unknown command " + cmd);
}

}  // namespace
}  // namespace data
}  // namespace kiln

int main(int argc, char** argv) {
  kiln::Status s = kiln::data::Main(argc, argv);
  if (!s.ok()) {
    std::fprintf(stderr, "kiln_dataset_tool: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
